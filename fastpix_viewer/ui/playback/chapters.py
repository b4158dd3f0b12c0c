"""Chapters in the player: marks on the seek bar (chapter_marks.py), the chapter title in the
seek bar's hover bubble, a Chapters button with a menu, and Alt+Left / Alt+Right for the
previous / next chapter (said on the on-screen display).

Alt+arrows: the player's plain arrows seek 5 s and are kept by lists with focus, J/L and
[ ] are taken, and neither the window nor Qt's item views use Alt+arrows. Like the other
player keys they stand down while a text field has focus. Chapter titles are API text: the
menu's actions and the bubble show them as plain text. Main thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMenu, QToolButton

from fastpix_viewer.api.insight_results import Chapter
from fastpix_viewer.ui.core.popups import popup_menu
from fastpix_viewer.ui.playback.chapter_marks import ChapterMarks
from fastpix_viewer.ui.playback.panel_keys import takes_text
from fastpix_viewer.ui.playback.request import format_ms

RESTART_WINDOW_MS = 3000  # "previous" within 3 s of a chapter's start goes to the one before


class PlayerChapters(QObject):
    """The chapters of the media in `panel` (a `PlayerPanel`); `set_chapters` / `clear`."""

    def __init__(self, panel: Any) -> None:
        super().__init__(panel)
        self._panel = panel
        controls = panel.controls
        self._slider = controls.seek_slider
        self._bubble = controls.seek_hover_label
        self.marks = ChapterMarks(self._slider)
        self._media_id: str | None = None
        self._chapters: tuple[tuple[int, str], ...] = ()  # (start ms, title), by start
        self.button = QToolButton(controls)
        self.button.setObjectName("chaptersButton")
        self.button.setText("Chapters")
        self.button.setToolTip("Go to a chapter (Alt+Left / Alt+Right: previous / next)")
        self.button.setAutoRaise(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self._show_menu)
        self.button.hide()
        row = _button_row(controls)
        if row is not None:
            row.insertWidget(max(0, row.indexOf(controls.subtitle_button)), self.button)
        self.previous_action = self._key("previousChapterShortcut", "Previous chapter", "Alt+Left",
                                         self.previous)
        self.next_action = self._key("nextChapterShortcut", "Next chapter", "Alt+Right", self.next)
        # After the control bar's own slot (connected first), which sets the time.
        self._slider.hoverAt.connect(self._on_hover)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)

    def _key(self, name: str, text: str, keys: str, slot: Any) -> QAction:
        action = QAction(text, self._panel)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self._panel.addAction(action)
        return action

    def _on_focus_changed(self, _old: Any, new: Any) -> None:
        for action in (self.previous_action, self.next_action):
            action.setEnabled(not takes_text(new))

    # ---- the chapters ------------------------------------------------------------------------

    @property
    def media_id(self) -> str | None:
        return self._media_id

    def chapters(self) -> tuple[tuple[int, str], ...]:
        return self._chapters

    def set_chapters(self, media_id: str, chapters: Sequence[Chapter]) -> None:
        """The chapters of `media_id` (the media playing); untimed ones cannot be sought to."""
        timed = sorted((round(c.start * 1000), c.title) for c in chapters if c.start is not None and c.start >= 0)
        self._media_id = media_id
        self._chapters = tuple(timed)
        self.marks.set_marks(ms for ms, _ in timed)
        self.button.setVisible(bool(timed))

    def clear(self) -> None:
        self._media_id = None
        self._chapters = ()
        self.marks.set_marks(())
        self.button.hide()

    def index_at(self, ms: int) -> int:
        """The chapter playing at `ms` (-1: before the first one, or none)."""
        found = -1
        for index, (start, _title) in enumerate(self._chapters):
            if start <= ms:
                found = index
        return found

    def title_at(self, ms: int) -> str | None:
        index = self.index_at(ms)
        return self._chapters[index][1] if index >= 0 else None

    # ---- going to a chapter ------------------------------------------------------------------

    def _position(self) -> int:
        # The slider moves with every seek at once; libVLC's clock lags a seek by a poll or two.
        return int(self._slider.value())

    def go_to(self, index: int) -> bool:
        if not (0 <= index < len(self._chapters)) or not self._panel.can_seek():
            return False
        start, title = self._chapters[index]
        self._panel.seek(start)
        say = getattr(self._panel, "_say", None)
        if say is not None:
            say(f"Chapter {index + 1}: {title}")
        return True

    def previous(self) -> bool:
        here = self._position()
        index = self.index_at(here)
        if index >= 0 and here - self._chapters[index][0] > RESTART_WINDOW_MS:
            return self.go_to(index)  # back to the start of this chapter first
        return self.go_to(max(0, index - 1))

    def next(self) -> bool:
        here = self._position()
        for index, (start, _title) in enumerate(self._chapters):
            if start > here + 500:
                return self.go_to(index)
        return False

    def chapters_menu(self) -> QMenu:
        """The Chapters menu (built, not shown): one checkable entry per chapter, the current checked."""
        menu = popup_menu(self.button)  # owned by the window: see ui/core/popups.py
        menu.setObjectName("chaptersMenu")
        current = self.index_at(self._position())
        seekable = self._panel.can_seek()
        for index, (start, title) in enumerate(self._chapters):
            action = menu.addAction(f"{format_ms(start)}  {title}")  # QAction text is plain
            action.setObjectName(f"chapterAction_{index}")
            action.setCheckable(True)
            action.setChecked(index == current)
            action.setEnabled(seekable)
            action.triggered.connect(lambda _c=False, i=index: self.go_to(i))
        return menu

    def _show_menu(self) -> None:
        menu = self.chapters_menu()
        menu.exec(self.button.mapToGlobal(self.button.rect().bottomLeft()))
        menu.deleteLater()

    def _on_hover(self, ms: int, x: int) -> None:
        title = self.title_at(ms) if self._chapters else None
        if title is None:
            return
        bubble = self._bubble
        bubble.setText(f"{format_ms(ms)}  {title}")
        bubble.adjustSize()
        owner = bubble.parentWidget()
        at = self._slider.mapTo(owner, self._slider.rect().bottomLeft())
        left = max(0, min(owner.width() - bubble.width(), at.x() + x - bubble.width() // 2))
        bubble.move(left, bubble.y())


def _button_row(controls: Any) -> QHBoxLayout | None:
    """The control bar's row of buttons (the layout that holds the Subtitles button)."""
    outer = controls.layout()
    for i in range(outer.count() if outer is not None else 0):
        inner = outer.itemAt(i).layout()
        if isinstance(inner, QHBoxLayout) and inner.indexOf(controls.subtitle_button) >= 0:
            return inner
    return None
