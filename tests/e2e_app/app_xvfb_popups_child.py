"""Child process of test_app_xvfb_popups.py: every menu of the lists, the details and the
player's control bar (speed, audio, subtitles, while a recording plays) pops up on a real X
display (where the video surface makes native child windows) and the Qt warnings printed
meanwhile are reported.

Usage: python app_xvfb_popups_child.py CONFIG_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from xvfb_support import demo_window, wait_until


def _pop(menu: Any, window: Any, shown: list[str]) -> None:
    menu.popup(window.mapToGlobal(QPoint(80, 80)))
    wait_until(lambda: menu.isVisible(), 2)
    wait_until(lambda: False, 0.2)  # the X server maps it; warnings come with that
    if menu.isVisible():
        shown.append(menu.objectName())
    menu.close()
    menu.deleteLater()


def _has_languages(media: Any) -> bool:
    kinds = [t.type for t in getattr(media, "tracks", ())]
    return getattr(media, "is_ready", False) and kinds.count("audio") >= 2 and "subtitle" in kinds


def _pop_player_menus(window: Any, result: dict[str, Any]) -> None:
    """Play a recording with two audio languages and subtitles, then click the control bar's
    Speed, Audio and Subtitles buttons as a user does (their menus are native popups)."""
    media = next((m for m in window.media_model.objects() if _has_languages(m)), None)
    if media is None:
        result["player_menus"] = "no media with audio languages and subtitles in the demo"
        return
    window.play_item(media)
    controls = window.player.controls
    result["tracks_known"] = wait_until(
        lambda: controls.audio_button.isEnabled() and controls.subtitle_button.isEnabled(), 20)
    shown: list[str] = []
    for button, menu in ((controls.speed_button, controls.speed_menu),
                         (controls.audio_button, controls.audio_menu),
                         (controls.subtitle_button, controls.subtitle_menu)):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_until(lambda m=menu: m.isVisible(), 2)
        wait_until(lambda: False, 0.2)  # the X server maps it; warnings come with that
        shown.append(menu.objectName() if menu.isVisible() else "")
        menu.close()
        wait_until(lambda m=menu: not m.isVisible(), 2)
        wait_until(lambda: False, 0.3)  # the popup's mouse grab ends before the next click
    result["player_menus"] = shown
    # The seek bar's preview frame: a tool-tip window over the video (a native window on X).
    preview = window.player_features.seek_preview
    wait_until(lambda: preview.is_known(media.id) and window.player.can_seek(), 10)
    slider = controls.seek_slider
    pos = QPointF(slider.width() * 0.6, slider.height() / 2)
    QApplication.sendEvent(slider, QMouseEvent(QEvent.Type.MouseMove, pos, slider.mapToGlobal(pos),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier))
    wait_until(lambda: False, 0.3)
    result["preview_shown"] = preview.bubble.isVisible()
    QApplication.sendEvent(slider, QEvent(QEvent.Type.Leave))


def main(config_dir: Path) -> dict[str, Any]:
    from fastpix_viewer.ui.core.popups import rehome_menu
    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB

    with demo_window(config_dir, (1024, 700)) as demo:
        app, window = demo.app, demo.window
        result: dict[str, Any] = {"platform": app.platformName(), "loaded": demo.loaded, "shown": []}
        wait_until(lambda: window.current_item() is not None, 5)
        native = {w.objectName() for w in app.allWidgets() if w.internalWinId() and not w.isWindow()}
        result["native_children"] = sorted(n for n in native if n in ("listTabs", "detailsBox", "playerControls"))
        shown = result["shown"]
        _pop(window.streams_pane.header_menu(), window, shown)
        _pop(window.details_view.context_menu_for(window.details_view.model().index(0, 0)), window, shown)
        edit = window.streams_pane.filter_edit
        menu = rehome_menu(edit.createStandardContextMenu(), edit)
        menu.setObjectName("lineEditMenu")
        _pop(menu, window, shown)
        window.list_tabs.setCurrentIndex(MEDIA_TAB)
        view = window.media_pane.view
        view.setCurrentIndex(window.media_pane.proxy.index(0, 0))
        item_menu = window.item_actions.context_menu_for(view, view.visualRect(view.currentIndex()).center())
        if item_menu is not None:
            item_menu.popup(window.mapToGlobal(QPoint(90, 90)))
            wait_until(lambda: False, 0.2)
            shown.append(item_menu.objectName() if item_menu.isVisible() else "")
            item_menu.close()
        _pop_player_menus(window, result)
    result["qt_warnings"] = demo.warnings
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))), flush=True)
