"""Thumbnails in the media and recordings lists and the details preview, from the sandbox's
image host over real HTTP; a second window with the same cache dir shows them from disk."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from fastpix_viewer.api.models import Media
from fastpix_viewer.cache.thumbnails import thumbnail_key
from fastpix_viewer.ui.lists.thumbnails import LIST_ICON_SIZE, LIST_SPEC, PREVIEW_SPEC, placeholder
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB


def _image(value) -> QImage:
    assert isinstance(value, QPixmap), value
    return value.toImage().convertToFormat(QImage.Format.Format_RGB32)


def _placeholder_image() -> QImage:
    return placeholder(LIST_ICON_SIZE).toImage().convertToFormat(QImage.Format.Format_RGB32)


def _host_image(sandbox, media: Media, width: int, height: int, token: str | None = None) -> QImage:
    params = {"width": width, "height": height}
    if token:
        params["token"] = token
    body = httpx.get(f"{sandbox.image_base}/{media.playback_ids[0].id}/thumbnail.jpg", params=params,
                     timeout=10).content
    image = QImage()
    assert image.loadFromData(body)
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _decoration(window, model, media_id: str):
    row = model.row_for_id(media_id)
    assert row >= 0
    return model.data(model.index(row, model.column_index("title")), Qt.ItemDataRole.DecorationRole)


def _media(window, title: str) -> Media:
    return next(o for o in window.media_model.objects() if isinstance(o, Media) and o.title == title)


def _wait_thumb(qtbot, window, media: Media, spec=LIST_SPEC) -> None:
    qtbot.waitUntil(lambda: window.thumbnails.memory.get((media.id, spec)) is not None, timeout=15000)


def test_media_list_shows_the_image_hosts_pictures_not_placeholders(windows, sandbox, qtbot):
    window, transport = windows.open(sandbox)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    window.media_pane.sort_by("title")
    public = next(o for o in window.media_model.objects() if isinstance(o, Media) and o.is_ready
                  and o.playback_ids and o.playback_ids[0].access_policy == "public")
    assert window.media_pane.select_id(public.id)  # on screen, so the view asks for its picture
    _wait_thumb(qtbot, window, public)
    shown = _image(_decoration(window, window.media_model, public.id))
    assert shown.size() == LIST_ICON_SIZE
    assert shown != _placeholder_image()
    assert shown == _host_image(sandbox, public, 64, 36)
    # Requested at list size from the image host, built from the playback ID.
    wanted = f"/image/{public.playback_ids[0].id}/thumbnail.jpg"
    assert any(wanted in u and "width=64" in u and "height=36" in u for u in transport.image_urls())


def test_processing_media_keep_the_placeholder_and_are_never_requested(windows, sandbox, qtbot):
    window, transport = windows.open(sandbox)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    processing = _media(window, "Fresh upload (still processing)")
    assert window.media_pane.select_id(processing.id)
    qtbot.wait(300)
    assert _image(_decoration(window, window.media_model, processing.id)) == _placeholder_image()
    assert not any(p.id in u for p in processing.playback_ids for u in transport.image_urls())


def test_visible_rows_are_requested_once_each(windows, sandbox, qtbot):
    window, transport = windows.open(sandbox)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    qtbot.waitUntil(lambda: window.thumbnails.requests_started > 0, timeout=10000)
    for _ in range(5):  # repaints ask again; nothing more is fetched
        window.media_pane.view.viewport().repaint()
        qtbot.wait(50)
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0, timeout=15000)
    urls = transport.image_urls()
    assert urls and len(urls) == len(set(urls))
    ready_rows = sum(1 for o in window.media_model.objects() if isinstance(o, Media) and o.is_ready)
    assert len(urls) < ready_rows  # only what was on screen, not the whole list (1000+ rows)


def test_private_media_thumbnail_is_signed_and_cached_without_the_token(windows, sandbox, qtbot):
    window, transport = windows.open(sandbox)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    private = _media(window, "Colour bars (private)")
    assert window.media_pane.select_id(private.id)
    _wait_thumb(qtbot, window, private)
    pid = private.playback_ids[0].id
    (url,) = [u for u in transport.image_urls() if pid in u and "width=64" in u]
    token = httpx.URL(url).params.get("token")
    assert token
    shown = _image(_decoration(window, window.media_model, private.id))
    assert shown == _host_image(sandbox, private, 64, 36, token=token) != _placeholder_image()
    files = sorted(p.name for p in (windows.cache_dir / "thumbnails").iterdir())
    assert thumbnail_key(sandbox.api_base, pid, LIST_SPEC) + ".bin" in files
    assert not any(token in name or token[:16] in name for name in files)


def test_details_preview_shows_the_large_picture(windows, sandbox, qtbot):
    window, _transport = windows.open(sandbox)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    media = _media(window, "Podcast episode 12")  # audio-only: the image host's poster
    assert window.media_pane.select_id(media.id)
    qtbot.waitUntil(window.thumbnail_preview.is_loaded, timeout=15000)
    shown = window.thumbnail_preview.image_label.pixmap().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert shown.size().width() == PREVIEW_SPEC.width
    assert shown == _host_image(sandbox, media, 320, 180)


def test_second_run_shows_thumbnails_from_disk_with_the_image_host_down(windows, sandbox, qtbot):
    first, _t = windows.open(sandbox)
    first.list_tabs.setCurrentIndex(MEDIA_TAB)
    private = _media(first, "Colour bars (private)")
    assert first.media_pane.select_id(private.id)
    _wait_thumb(qtbot, first, private)
    qtbot.waitUntil(first.thumbnail_preview.is_loaded, timeout=15000)
    expected = _image(_decoration(first, first.media_model, private.id))
    windows.close_all()

    sandbox.state.faults.configure("image:drop", 0)  # the image host answers nothing now
    second, transport = windows.open(sandbox)
    second.list_tabs.setCurrentIndex(MEDIA_TAB)
    assert second.media_pane.select_id(private.id)
    _wait_thumb(qtbot, second, private)
    assert _image(_decoration(second, second.media_model, private.id)) == expected
    qtbot.waitUntil(second.thumbnail_preview.is_loaded, timeout=15000)
    assert not any(private.playback_ids[0].id in u for u in transport.image_urls())


def test_recordings_list_shows_thumbnails_for_ready_recordings(windows, sandbox, qtbot):
    window, _transport = windows.open(sandbox)
    stream = window.streams_pane.current_object()  # the first stream with recordings is selected
    assert stream is not None and stream.media_ids
    qtbot.waitUntil(lambda: not window.recordings_loader.is_loading, timeout=15000)
    recordings = [o for o in window.recordings_model.objects() if isinstance(o, Media)]
    ready = [r for r in recordings if r.is_ready]
    assert ready
    qtbot.waitUntil(lambda: all(window.thumbnails.memory.get((r.id, LIST_SPEC)) for r in ready), timeout=15000)
    for recording in ready:
        shown = _image(_decoration(window, window.recordings_model, recording.id))
        assert shown != _placeholder_image()
    for recording in recordings:
        if not recording.is_ready:
            assert _image(_decoration(window, window.recordings_model, recording.id)) == _placeholder_image()


def test_rows_scrolled_away_before_their_turn_are_not_fetched(windows, sandbox, qtbot):
    window, transport = windows.open(sandbox)
    sandbox.state.faults.configure("image:latency=400", 0)  # a slow image host: requests queue up
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    view = window.media_pane.view
    window.resize(1000, 420)
    qtbot.wait(50)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    for value in range(0, bar.maximum() + 1, max(1, bar.pageStep() // 2)):
        bar.setValue(value)  # every row passes the screen and is painted (and so asked for)
        view.viewport().repaint()
    bar.setValue(bar.maximum())
    view.viewport().repaint()
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0, timeout=20000)
    assert window.thumbnails.dropped_unseen > 0
    asked = {httpx.URL(u).path.split("/")[2] for u in transport.image_urls()}
    ready = [o for o in window.media_model.objects() if isinstance(o, Media) and o.is_ready
             and o.playback_ids and o.playback_ids[0].access_policy in ("public", "private")]
    assert len(asked) < len(ready)
    # What is on screen at the end did load.
    proxy = window.media_pane.proxy
    on_screen = [proxy.object_at(r) for r in range(proxy.rowCount())
                 if view.viewport().rect().intersects(view.visualRect(proxy.index(r, 0)))]
    showable = [o for o in on_screen if o in ready]
    assert showable
    qtbot.waitUntil(lambda: all(window.thumbnails.memory.get((o.id, LIST_SPEC)) for o in showable), timeout=15000)


def test_a_paint_that_asks_for_pictures_starts_their_jobs_only_once_it_is_over(windows, sandbox, qtbot):
    # Issue 15: a job started inside the paint took the GIL from it (the first private picture
    # imports the signing code); the first rows were drawn 50-60 ms later.
    window, _transport = windows.open(sandbox)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0, timeout=15000)
    window.thumbnails.memory = type(window.thumbnails.memory)(window.thumbnails.memory.budget)  # forget them all
    before = window.thumbnails.requests_started
    window.media_pane.view.viewport().repaint()  # the paint asks for every visible picture again
    assert window.thumbnails.pending() > 0  # asked for...
    assert window.thumbnails.requests_started == before  # ...but nothing started during the paint
    qtbot.waitUntil(lambda: window.thumbnails.requests_started > before, timeout=5000)


def test_a_focus_in_before_the_first_stream_is_announced_keeps_the_stream_with_recordings(
        windows, sandbox, qtbot, monkeypatch):
    # Issue 15: the first stream is announced just after the first paint. Under a window
    # manager the window was activated in between, the streams view's focus-in made row 0
    # current, and the demo opened on a stream without recordings.
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    from fastpix_viewer.ui.shell import list_loading

    real = list_loading.after_next_paint

    def focus_first(widget, action):
        view = widget.parent()
        QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason))
        real(widget, action)

    monkeypatch.setattr(list_loading, "after_next_paint", focus_first)
    window, _transport = windows.open(sandbox)
    stream = window.streams_pane.current_object()
    first_with_recordings = next(s for s in window.streams_model.objects() if s.media_ids)
    assert stream is not None and stream.id == first_with_recordings.id
    qtbot.waitUntil(lambda: window.recordings_model.rowCount() == len(stream.media_ids), timeout=15000)
