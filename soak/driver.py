"""The seeded monkey: acts on the real main window through QTest events on widgets found by
objectName, and watches what the user is told (banners, player messages, error dialogs,
status-bar notes).

One action per step (every 250-700 ms, seeded), always on the main thread between event-loop
turns, so the stall meter sees the app's own work, not the driver waiting.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
_ID_SHAPES = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
_NUMBERS = re.compile(r"\b\d+(\.\d+)?\b")


def message_shape(text: str) -> str:
    """A message with IDs, numbers and quoted titles blanked, so the same sentence counts once."""
    text = " ".join(text.split())
    text = _ID_SHAPES.sub("<id>", text)
    text = re.sub(r"“[^”]*”", "“…”", text)
    text = _NUMBERS.sub("N", text)
    return text[:160]


class Observer:
    """What the user saw: each new banner / player message / dialog / status note, counted."""

    def __init__(self) -> None:
        self.seen: dict[str, Counter[str]] = {k: Counter() for k in ("banner", "player", "dialog", "status")}
        self.player_states: Counter[str] = Counter()  # states entered, as sampled
        self._last: dict[str, str] = {}

    def sample(self, window: Any) -> None:
        if window is None:
            return
        for name in ("streams", "recordings", "media"):
            banner = getattr(window, f"{name}_banner", None)
            text = banner.text() if banner is not None and banner.isVisible() else ""
            self._note("banner", name, text)
        player = getattr(window, "player", None)
        if player is not None and hasattr(player, "message"):
            retry = getattr(player, "retry_button", None)
            text = player.message() if retry is not None and retry.isVisible() else ""
            self._note("player", "player", text)
            state = player.state()
            if state != self._last.get("state"):
                self.player_states[state] += 1
            self._last["state"] = state
        dialog = window.findChild(QMessageBox, "errorDialog")
        self._note("dialog", "dialog", dialog.text() if dialog is not None and dialog.isVisible() else "")
        self._note("status", "status", window.statusBar().currentMessage())

    def _note(self, kind: str, slot: str, text: str) -> None:
        key = f"{kind}/{slot}"
        if text and text != self._last.get(key):
            self.seen[kind][message_shape(text)] += 1
        self._last[key] = text

    def summary(self) -> dict[str, Any]:
        seen: dict[str, Any] = {kind: {"count": sum(c.values()), "messages": dict(c.most_common(25))}
                                for kind, c in self.seen.items()}
        seen["player_states_entered"] = dict(self.player_states)
        return seen


class Monkey(QObject):
    """Drives whatever main window is showing (it is replaced on a workspace switch)."""

    def __init__(self, seed: int, window_finder: Callable[[], Any],
                 controller_finder: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.find_window = window_finder
        self.find_controller = controller_finder or (lambda: None)  # the app's WorkspaceController
        self.observer = Observer()
        self.actions: Counter[str] = Counter()
        # (seconds since start, action): read beside the RSS curve, it shows what a spike follows.
        self.timeline: list[tuple[float, str]] = []
        self._started = time.monotonic()
        self.errors: list[str] = []  # the driver's own mistakes (reported, never hidden)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self._watch = QTimer(self)
        self._watch.setInterval(150)
        self._watch.timeout.connect(lambda: self.observer.sample(self.find_window()))
        self._running = False
        self._last_switch = time.monotonic()
        self._filtered: set[int] = set()  # panes (by id) with filter text typed in

    def start(self) -> None:
        self._running = True
        self._started = time.monotonic()
        self._watch.start()
        self._timer.start(500)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self._watch.stop()

    # ------------------------------------------------------------------ stepping

    def _step(self) -> None:
        if not self._running:
            return
        window = self.find_window()
        try:
            if window is not None and not getattr(window, "_closed", False):
                if QApplication.activeWindow() is None:
                    window.activateWindow()  # e.g. right after a workspace switch
                    self.actions["activate the window"] += 1
                self._act(window)
        except Exception as problem:  # a driver bug must be visible, not end the soak
            self.errors.append(f"{type(problem).__name__}: {problem}")
        self._timer.start(self.rng.randint(100, 350))

    def _act(self, window: Any) -> None:
        if self._handle_dialogs(window):
            return
        choices: list[tuple[float, Callable[[Any], str | None]]] = [
            (14, self.select_mouse), (10, self.select_keys), (9, self.play_selected), (10, self.play_recording),
            (6, self.seek), (3, self.pause), (12, self.refresh), (6, self.filter), (5, self.switch_tab),
            (4, self.open_reference), (4, self.retry_buttons), (2, self.quality), (1.5, self.switch_workspace),
            (1.5, self.close_and_reopen),
        ]
        only = os.environ.get("SOAK_ACTIONS")  # e.g. "refresh,select_keys": bisect what grows memory
        if only:
            wanted = set(only.split(","))
            choices = [(w, a) for w, a in choices if a.__name__ in wanted]
        total = sum(w for w, _ in choices)
        pick = self.rng.uniform(0, total)
        for weight, action in choices:
            pick -= weight
            if pick <= 0:
                done = action(window)
                if done:
                    self.actions[done] += 1
                    self.timeline.append((round(time.monotonic() - self._started, 1), done))
                return

    # ------------------------------------------------------------------ dialogs

    def _handle_dialogs(self, window: Any) -> bool:
        """Close what is modal on top (as a user would), so the window gets input again."""
        modal = QApplication.activeModalWidget()
        error = window.findChild(QMessageBox, "errorDialog")
        if error is not None and error.isVisible():
            button = error.button(QMessageBox.StandardButton.Ok)
            if button is not None:
                QTest.mouseClick(button, LEFT)
                self.actions["dismiss error dialog"] += 1
                return True
        dialog = window.findChild(QWidget, "openDialog")
        if dialog is not None and dialog.isVisible():
            busy = getattr(dialog, "is_busy", lambda: False)()
            if not busy or self.rng.random() < 0.3:
                QTest.keyClick(dialog, K.Key_Escape)  # an error shown inline, or a search the user gives up
                self.actions["close open dialog"] += 1
            return True
        if modal is not None and modal.isVisible():
            QTest.keyClick(modal, K.Key_Escape)
            self.actions[f"escape {modal.objectName() or type(modal).__name__}"] += 1
            return True
        return False

    # ------------------------------------------------------------------ lists

    def _pane(self, window: Any) -> Any:
        if window.list_tabs.currentIndex() == 1:
            return window.media_pane
        return window.streams_pane if self.rng.random() < 0.6 else window.recordings_pane

    def _row_rect(self, view: QAbstractItemView, row: int) -> Any:
        index = view.model().index(row, 0)
        view.scrollTo(index)
        return view.visualRect(index)

    def select_mouse(self, window: Any) -> str | None:
        pane = self._pane(window)
        rows = pane.proxy.rowCount()
        if not rows:
            return None
        rect = self._row_rect(pane.view, self.rng.randrange(min(rows, 200)))
        if rect.isEmpty():
            return None
        QTest.mouseClick(pane.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
        return f"click a row ({pane.objectName()})"

    def select_keys(self, window: Any) -> str | None:
        pane = self._pane(window)
        if not pane.proxy.rowCount():
            return None
        pane.view.setFocus()
        key = self.rng.choice([K.Key_Down, K.Key_Down, K.Key_Down, K.Key_Up, K.Key_PageDown, K.Key_Home, K.Key_End])
        QTest.keyClick(pane.view, key)
        return f"arrow keys ({pane.objectName()})"

    def play_selected(self, window: Any) -> str | None:
        pane = self._pane(window)
        if pane.current_object() is None:
            return None
        if self.rng.random() < 0.5:
            pane.view.setFocus()
            QTest.keyClick(pane.view, K.Key_Return)
            return "play (Enter)"
        index = pane.view.currentIndex()
        rect = pane.view.visualRect(index)
        if rect.isEmpty():
            return None
        QTest.mouseDClick(pane.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
        return "play (double-click)"

    def play_recording(self, window: Any) -> str | None:
        """The common path: a stream, then one of its recordings, then Enter."""
        if window.list_tabs.currentIndex() != 0:
            return None
        pane = window.recordings_pane
        rows = pane.proxy.rowCount()
        if not rows:
            return None
        rect = self._row_rect(pane.view, self.rng.randrange(rows))
        if rect.isEmpty():
            return None
        QTest.mouseClick(pane.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
        QTest.keyClick(pane.view, K.Key_Return)
        return "play a recording"

    def refresh(self, window: Any) -> str:
        QTest.keyClick(window, K.Key_F5)
        return "refresh (F5)" if window.is_loading() else "refresh (F5): no load started"

    def filter(self, window: Any) -> str | None:
        pane = window.media_pane if window.list_tabs.currentIndex() == 1 else window.streams_pane
        edit = pane.findChild(QLineEdit, "filterEdit")
        if edit is None or not edit.isVisible():
            return None
        QTest.mouseClick(edit, LEFT)
        if id(pane) in self._filtered and self.rng.random() < 0.7:
            QTest.keyClick(edit, K.Key_A, CTRL)
            QTest.keyClick(edit, K.Key_Backspace)
            self._filtered.discard(id(pane))
            return "clear the filter"
        words = ["demo", "rec", "live", "a", "e", "<img", "ready", "zzz", "1", "é", "录像"]
        word = self.rng.choice(words)
        if word.isascii():
            QTest.keyClicks(edit, word)
        else:
            edit.insert(word)  # what an input method delivers (QTest types ASCII keys only)
        self._filtered.add(id(pane))
        return "type in the filter"

    def switch_tab(self, window: Any) -> str:
        bar = window.list_tabs.tabBar()
        target = 1 - window.list_tabs.currentIndex()
        QTest.mouseClick(bar, LEFT, Qt.KeyboardModifier.NoModifier, bar.tabRect(target).center())
        return "switch list tab"

    # ------------------------------------------------------------------ player

    def seek(self, window: Any) -> str | None:
        player = getattr(window, "player", None)
        if player is None or not hasattr(player, "state") or player.state() not in ("playing", "paused"):
            return None
        if self.rng.random() < 0.5:
            player.setFocus()
            QTest.keyClick(player, self.rng.choice([K.Key_Right, K.Key_Right, K.Key_Left]))
            return "seek (arrow keys)"
        slider = player.controls.seek_slider
        if not slider.isEnabled():
            return None
        x = self.rng.randint(2, max(3, slider.width() - 2))
        QTest.mouseClick(slider, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(x, slider.height() // 2))
        return "seek (slider click)"

    def pause(self, window: Any) -> str | None:
        player = getattr(window, "player", None)
        if player is None or not hasattr(player, "state") or player.state() not in ("playing", "paused"):
            return None
        player.setFocus()
        QTest.keyClick(player, K.Key_Space)
        return "pause/resume (Space)"

    def quality(self, window: Any) -> str | None:
        combo = window.findChild(QComboBox, "qualityCombo")
        if combo is None or not combo.isEnabled() or combo.count() < 2:
            return None
        combo.setCurrentIndex(self.rng.randrange(combo.count()))  # what picking from the list does
        return "change quality"

    def retry_buttons(self, window: Any) -> str | None:
        candidates = [getattr(window, f"{n}_banner").retry_button for n in ("streams", "recordings", "media")]
        player = getattr(window, "player", None)
        if player is not None and hasattr(player, "retry_button"):
            candidates.append(player.retry_button)
        visible = [b for b in candidates if b.isVisible() and b.isEnabled()]
        if not visible:
            return None
        button = self.rng.choice(visible)
        QTest.mouseClick(button, LEFT)
        return f"click {button.objectName()}"

    # ------------------------------------------------------------------ workspace, Open…

    def switch_workspace(self, window: Any) -> str | None:
        if time.monotonic() - self._last_switch < 20:
            return None  # a switch rebuilds the window: now and then, like a user would
        self._last_switch = time.monotonic()
        current = getattr(window, "workspace_switcher", None)
        number = 2 if current is not None and "soak-a" in current.text() else 1
        QTest.keyClick(window, getattr(K, f"Key_{number}"), CTRL)
        return "switch workspace (Ctrl+1/2): the window closes and a new one opens"

    def close_and_reopen(self, window: Any) -> str | None:
        """The user closes the window and opens the same workspace again.

        The app quits when its last window closes, so the new window must come first: the
        controller opens the current workspace again (a fresh session, as on a relaunch), shows
        the new window, then closes the old one through its ordinary closeEvent.
        """
        if time.monotonic() - self._last_switch < 15:
            return None  # a window rebuild now and then, never two at once
        controller = self.find_controller()
        if controller is None or controller.window is not window or controller.current is None \
                or controller.switching is not None:
            return None
        self._last_switch = time.monotonic()
        controller.switch_to(controller.current, force=True)
        return "close and reopen the window"

    def _reference(self, window: Any) -> str:
        objs = [o for m in (window.streams_model, window.media_model) for o in m.objects() if hasattr(o, "id")]
        obj = self.rng.choice(objs) if objs else None
        playback = next(iter(getattr(obj, "playback_ids", ()) or ()), None)
        kind = self.rng.randrange(7)
        if obj is None or kind == 0:
            return self.rng.choice(["not an id", "{\"type\": 1}", "https://example.com/x", "0" * 40, "   "])
        if kind == 1 or playback is None:
            return obj.id
        if kind == 2:
            return playback.id
        if kind == 3:
            return f"https://stream.fastpix.io/{playback.id}.m3u8"
        if kind == 4:
            return f"https://play.fastpix.com/?playbackId={playback.id}"
        if kind == 5:
            return f"https://images.fastpix.io/{playback.id}/thumbnail.jpg"
        payload = {"type": "video.media.ready", "object": {"type": "media", "id": obj.id},
                   "data": {"id": obj.id, "status": "Ready"}}
        return json.dumps(payload, indent=2)

    def open_reference(self, window: Any) -> str | None:
        QTest.keyClick(window, K.Key_L, CTRL)
        dialog = window.findChild(QWidget, "openDialog")
        if dialog is None or not dialog.isVisible():
            return "Ctrl+L: no Open dialog"
        box = dialog.findChild(QWidget, "openInput")
        text = self._reference(window)
        box.setFocus()
        if "\n" in text or len(text) > 60:
            box.insertPlainText(text)  # what a paste does
        else:
            QTest.keyClicks(box, text)
        QTest.keyClick(box, K.Key_Return, CTRL)
        return "open a reference (Ctrl+L)"
