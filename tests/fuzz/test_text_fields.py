"""Every text field, fed hostile text (control and bidi characters, markup, huge strings,
pasted JSON of random shapes with NaN/Infinity, webhook-like payloads with wrong types):
the app answers with a clear, plain message or does what was asked, never raises, never
logs a Qt warning (pytest-qt fails the test), and sends nothing for invalid input."""

from __future__ import annotations

from fpv_fuzz_support import hostile_text, no_unhandled_exceptions, pasted_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from fastpix_viewer.api.client import check_media_update
from fastpix_viewer.api.errors import FastPixError, InputError
from fastpix_viewer.api.references import parse_reference
from fastpix_viewer.ui.actions.edit_dialog import EditDialog
from fastpix_viewer.ui.actions.open_dialog import show_open_dialog
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB

WIDGET_SETTINGS = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])


def _plain_message(text: str) -> None:
    assert text and len(text) < 600
    assert "Traceback" not in text


@WIDGET_SETTINGS
@given(text=hostile_text)
def test_list_filters_take_any_text(loaded, qtbot, text):
    window = loaded.window
    before = len(loaded.transport.sent)
    with no_unhandled_exceptions():
        for pane in (window.streams_pane, window.media_pane):
            pane.filter_edit.setText(text)
            pane.apply_text_filter()
            qtbot.wait(1)
            assert pane.proxy.rowCount() <= pane.model.rowCount()
            pane.filter_edit.clear()
            pane.apply_text_filter()
            assert pane.proxy.rowCount() == pane.model.rowCount()
    # Filtering is local: the filter text is never sent. A filter may move the selection,
    # which loads that item's details, and bring rows into view, whose thumbnails load (by
    # playback ID): only reads of items already listed may follow.
    listed = [*window.streams_model.objects(), *window.media_model.objects()]
    known = {o.id for o in listed} | {p.id for o in listed for p in getattr(o, "playback_ids", ())}
    for method, path in loaded.transport.sent[before:]:
        assert method == "GET" and any(f"/{item_id}" in path for item_id in known), (method, path)


@WIDGET_SETTINGS
@given(text=hostile_text | pasted_json)
def test_the_open_box_answers_any_paste_plainly(loaded, qtbot, text):
    window = loaded.window
    before = len(loaded.transport.sent)
    try:
        parse_reference(text)
        valid = True
    except FastPixError:
        valid = False
    with no_unhandled_exceptions():
        dialog = show_open_dialog(window)
        dialog.input.setPlainText(text)
        dialog.start()
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=15000)
        if dialog.isVisible():
            _plain_message(dialog.error_text())
            assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
            dialog.reject()
    if not valid:
        assert len(loaded.transport.sent) == before, "a request was sent for text that is no reference"


metadata_pairs = st.lists(st.tuples(hostile_text, hostile_text), max_size=12)


@WIDGET_SETTINGS
@given(title=hostile_text, pairs=metadata_pairs)
def test_the_edit_dialog_checks_before_sending(loaded, qtbot, title, pairs):
    window = loaded.window
    media = next(m for m in window.media_model.objects() if getattr(m, "title", None))
    with no_unhandled_exceptions():
        dialog = EditDialog(media, window.pool, loaded.client, lambda _m: None, window)  # owned by window
        dialog.title_input.setText(title)
        while dialog.table.rowCount():
            dialog.table.removeRow(0)
        for key, value in pairs:
            dialog.add_pair(key, value)
        try:
            sent_title, sent_meta = dialog.checked_update()
            check_media_update(sent_title, sent_meta)
            expected_error = None
        except InputError as problem:
            expected_error = problem.user_message
        before = len(loaded.transport.sent)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.is_saving(), timeout=15000)
        if expected_error is not None:
            assert dialog.error_text() == expected_error
            assert len(loaded.transport.sent) == before, "invalid input was sent"
        else:
            assert loaded.transport.sent[before:] == [("PATCH", f"/v1/on-demand/{media.id}")]
            # What the app let through, FastPix (the sandbox) accepts too.
            assert not dialog.error_text().startswith("Not saved: FastPix refused"), dialog.error_text()
            assert "400" not in dialog.error_text() and "422" not in dialog.error_text(), dialog.error_text()
        dialog.close()
        dialog.deleteLater()


addresses = hostile_text | st.sampled_from([
    "https://api.example.com/v1", "http://127.0.0.1:9/v1", "http://api.example.com/v1", "https://[::1]:9",
    "https://user:pw@host.example/v1", "https://host.example/v1?x=1#f", "https://host:99999", "javascript:alert(1)",
    "https://‮example.com", "https://exa mple.com", "file:///etc/passwd", " ", ""])
names = hostile_text | st.sampled_from(["Production", "Work", "x"])


@WIDGET_SETTINGS
@given(name=names, token=names, secret=names, api=addresses, stream=addresses, image=addresses)
def test_the_connect_form_never_sends_invalid_settings(qtbot, tmp_path, name, token, secret, api, stream, image):
    from fastpix_viewer.api.config import check_base
    from fastpix_viewer.api.profiles import ProfileStore
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.workspaces.connect_form import ConnectForm

    made: list = []

    def factory(workspace):  # never reached for invalid input; refuses to go anywhere otherwise
        made.append(workspace)
        raise FastPixError("stopped by the test before any request")

    pool = WorkerPool(1)
    try:
        with no_unhandled_exceptions():
            form = ConnectForm(ProfileStore(tmp_path / "cfg"), pool, factory, keyring_available=True)
            qtbot.addWidget(form)
            for edit, text in ((form.name_edit, name), (form.token_edit, token), (form.secret_edit, secret),
                               (form.api_edit, api), (form.stream_edit, stream), (form.image_edit, image)):
                edit.setText(text)
            form.advanced.setChecked(True)
            form.submit()
            qtbot.waitUntil(lambda: not form.is_busy(), timeout=10000)
            assert form.error_label.isVisibleTo(form)
            _plain_message(form.error_label.text())
            for workspace in made:  # whatever got as far as a client had valid addresses
                ends = workspace.endpoints
                for base in (ends.api_base, ends.stream_base, ends.image_base):
                    assert check_base(base, "x") == base
            assert form.store.list() == []
            form.close()
    finally:
        pool.shutdown(timeout=2.0)


def test_media_tab_is_usable_after_fuzzing(loaded):
    # The window is still a working window after all of the above.
    assert loaded.window.select(MEDIA_TAB, loaded.window.media_model.objects()[0].id)
