"""Copy playback URL / share link / IDs, open the share link, and the Ingest tab of a live stream."""

from __future__ import annotations

import logging

import httpx
import jwt
from fpv_actions_helpers import all_items, control
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.actions.ingest_panel import RTMPS_INGEST_URL, SRT_INGEST_URL
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB


def clipboard() -> str:
    return QGuiApplication.clipboard().text()


def show(harness, qtbot, tab: int, item_id: str):
    window = harness.window
    assert window.select(tab, item_id)
    qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == item_id, timeout=10000)
    return window.current_item()


def media_titled(sandbox, title: str) -> dict:
    return next(m for m in all_items(sandbox, "on-demand") if m.get("title") == title)


def press(qtbot, window, keys: str) -> None:
    key = getattr(Qt.Key, "Key_" + keys[-1])
    mods = Qt.KeyboardModifier.ControlModifier
    if "Shift" in keys:
        mods |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.media_pane.view if window.list_tabs.currentIndex() == MEDIA_TAB
                   else window.streams_pane.view, key, mods)


def test_copy_public_playback_url_share_link_and_ids(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = media_titled(sandbox, "Podcast episode 12")
    pid = media["playbackIds"][0]["id"]
    show(harness, qtbot, MEDIA_TAB, media["id"])
    QGuiApplication.clipboard().clear()
    press(qtbot, window, "Ctrl+Shift+C")
    qtbot.waitUntil(lambda: clipboard() != "", timeout=5000)
    assert clipboard() == f"{sandbox.stream_base}/{pid}.m3u8"
    press(qtbot, window, "Ctrl+Shift+S")
    assert clipboard() == f"https://play.fastpix.com/?playbackId={pid}"
    press(qtbot, window, "Ctrl+Shift+I")
    assert clipboard() == media["id"]
    menu = window.item_actions.copy_ids_menu
    menu.aboutToShow.emit()
    entries = {a.text(): a for a in menu.actions()}
    playback_entry = entries[f"Playback ID (public): {pid}"]
    playback_entry.trigger()
    assert clipboard() == pid
    assert window.status_text() == f"Copied {pid}."


def test_private_playback_url_is_signed_and_plays_and_the_token_is_never_logged(harness, sandbox, qtbot,
                                                                              caplog) -> None:
    caplog.set_level(logging.DEBUG)
    window = harness.open_window()
    media = media_titled(sandbox, "Colour bars (private)")
    pid = media["playbackIds"][0]["id"]
    show(harness, qtbot, MEDIA_TAB, media["id"])
    QGuiApplication.clipboard().clear()
    window.item_actions.copy_url_action.trigger()
    qtbot.waitUntil(lambda: clipboard() != "", timeout=5000)
    url = clipboard()
    assert url.startswith(f"{sandbox.stream_base}/{pid}.m3u8?token=")
    token = url.split("token=", 1)[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["aud"] == f"media:{pid}"
    played = httpx.get(url, timeout=10)  # the sandbox checks the signature against its public key
    assert played.status_code == 200 and played.text.startswith("#EXTM3U")
    assert "signed playback URL" in window.status_text() and token not in window.status_text()
    assert token not in caplog.text


def test_drm_only_media_has_no_url_to_copy(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = media_titled(sandbox, "Mandelbrot zoom (DRM)")
    show(harness, qtbot, MEDIA_TAB, media["id"])
    QGuiApplication.clipboard().setText("unchanged")
    window.item_actions.copy_url_action.trigger()
    qtbot.waitUntil(lambda: "No playback URL" in window.status_text(), timeout=5000)
    assert "DRM" in window.status_text() and clipboard() == "unchanged"


class _BrowserSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_open_share_link_goes_to_the_browser(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = media_titled(sandbox, "Podcast episode 12")
    show(harness, qtbot, MEDIA_TAB, media["id"])
    spy = _BrowserSpy()
    QDesktopServices.setUrlHandler("https", spy, "open")
    try:
        press(qtbot, window, "Ctrl+Shift+B")
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert spy.opened == [f"https://play.fastpix.com/?playbackId={media['playbackIds'][0]['id']}"]


def test_context_menu_selects_the_row_and_offers_the_actions(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    view = window.media_pane.view
    media = media_titled(sandbox, "Podcast episode 12")
    row = window.media_pane.proxy.row_for_id(media["id"])
    pos = view.visualRect(window.media_pane.proxy.index(row, 1)).center()
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    # (Popping it up is left out: the offscreen platform warns that it cannot grab the keyboard.)
    menu = window.item_actions.context_menu_for(view, pos)
    assert window.media_pane.current_object().id == media["id"]
    names = {a.objectName(): a for a in menu.actions()}
    for name in ("copyPlaybackUrlAction", "copyShareLinkAction", "openShareLinkAction", "copyIdAction",
                 "editMediaAction", "deleteMediaAction"):
        assert names[name].isEnabled(), name
    assert not names["copyStreamKeyAction"].isEnabled()


def _visible_texts(window) -> str:
    texts = [w.text() for w in window.findChildren(QLineEdit)] + [w.text() for w in window.findChildren(QLabel)]
    return "\n".join(texts)


def test_ingest_tab_copies_urls_and_the_full_stream_key_which_stays_off_screen(harness, sandbox, qtbot,
                                                                               caplog) -> None:
    caplog.set_level(logging.DEBUG)
    window = harness.open_window()
    stream = next(s for s in all_items(sandbox, "live/streams") if s["status"] == "idle")
    key = sandbox.workspace.stream(stream["streamId"]).stream_key
    show(harness, qtbot, STREAMS_TAB, stream["streamId"])
    panel = window.item_actions.ingest_panel
    tabs = window.info_tabs
    assert tabs.isTabVisible(tabs.indexOf(panel)) and tabs.tabText(tabs.indexOf(panel)) == "Ingest"
    qtbot.mouseClick(panel.copy_rtmps_button, Qt.MouseButton.LeftButton)
    assert clipboard() == RTMPS_INGEST_URL == "rtmps://live.fastpix.com:443/live"
    qtbot.mouseClick(panel.copy_srt_button, Qt.MouseButton.LeftButton)
    assert clipboard() == SRT_INGEST_URL == "srt://live.fastpix.com:778"
    press(qtbot, window, "Ctrl+Shift+K")
    qtbot.waitUntil(lambda: clipboard() == key, timeout=5000)
    assert set(panel.key_field.text()) == {"•"}
    assert key not in _visible_texts(window) and key not in window.status_text()
    assert key not in caplog.text
    # A media hides the tab again.
    media = media_titled(sandbox, "Podcast episode 12")
    show(harness, qtbot, MEDIA_TAB, media["id"])
    assert not tabs.isTabVisible(tabs.indexOf(panel)) and panel.stream is None


def test_viewer_count_while_a_broadcast_is_live_and_polling_stays_gentle(harness, sandbox, qtbot) -> None:
    stream = next(s for s in all_items(sandbox, "live/streams") if s["status"] == "idle")
    control(sandbox, "POST", "broadcasts", {"stream_id": stream["streamId"], "preparing_seconds": 0})
    window = harness.open_window()
    shown = show(harness, qtbot, STREAMS_TAB, stream["streamId"])
    assert isinstance(shown, LiveStream)
    panel = window.item_actions.ingest_panel
    qtbot.waitUntil(lambda: panel.viewers is not None, timeout=10000)
    truth = httpx.get(f"{sandbox.api_base}/live/streams/{stream['streamId']}/viewer-count",
                      auth=(sandbox.token_id, sandbox.secret_key), timeout=10).json()["data"]["views"]
    assert truth > 0
    assert panel.viewer_label.text() == f"{window.locale().toString(truth)} watching now (approximate)"
    # Fresh details of the same stream (F5) do not add viewer-count requests within 10 s.
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15000)
    harness.wait_idle()
    assert harness.transport.count("GET", f"/live/streams/{stream['streamId']}/viewer-count") == 1
    # Leaving the stream stops the polling.
    media = media_titled(sandbox, "Podcast episode 12")
    show(harness, qtbot, MEDIA_TAB, media["id"])
    assert not panel._timer.isActive()


def test_idle_stream_shows_no_count_and_sends_no_request(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    stream = next(s for s in all_items(sandbox, "live/streams") if s["status"] == "idle")
    show(harness, qtbot, STREAMS_TAB, stream["streamId"])
    harness.wait_idle()
    panel = window.item_actions.ingest_panel
    assert panel.viewer_label.text().startswith("—")
    assert harness.transport.count("GET", f"/live/streams/{stream['streamId']}/viewer-count") == 0
    assert isinstance(media_titled(sandbox, "Podcast episode 12"), dict) and not isinstance(panel.stream, Media)
