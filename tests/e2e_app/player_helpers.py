"""Helpers for the main-window player tests: find a sandbox media by title, play it as a user
does (select the row, Enter) and wait until libVLC plays it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB


def media_titled(window: Any, title: str) -> Media:
    return next(m for m in window.media_model.objects() if isinstance(m, Media) and m.title == title)


def play_media(qtbot: Any, window: Any, media: Media, *, timeout: int = 20000) -> None:
    before = window.player.request()  # the new play is a new request (the old one may still play)
    assert window.select(MEDIA_TAB, media.id)
    view = window.media_pane.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.player.state() == "playing" and window.player.request() is not before
                    and getattr(window.controller.current_item, "id", None) == media.id, timeout=timeout)


def menu_texts(menu: Any) -> list[str]:
    return [a.text() for a in menu.actions()]


def checked_text(menu: Any) -> str:
    return next((a.text() for a in menu.actions() if a.isChecked()), "")
