"""RecordTableModel + RecordFilterProxy: batches, updates, sorting, filtering."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt
from ui_models_fakes import BASE_TIME, make_media, many_media, rendered_tooltip

from fastpix_viewer.ui.lists.record_filter import RecordFilterProxy
from fastpix_viewer.ui.lists.record_table import IdRole, ObjectRole, SortRole, StatusRole

ASC = Qt.SortOrder.AscendingOrder
DESC = Qt.SortOrder.DescendingOrder


def column_texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def ids(model) -> list[str]:
    return [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]


def test_model_passes_modeltester_through_batches_updates_and_replace(qtmodeltester, new_media_model):
    model = new_media_model()
    qtmodeltester.check(model, force_py=True)
    model.append_rows([make_media(i) for i in range(5)])
    model.append_rows([make_media(i) for i in range(5, 12)])
    model.sort(1, DESC)
    model.append_rows([make_media(i) for i in range(12, 30)])
    model.update_row("media-00003", make_media(3, status="Failed", title="zzz"))
    model.sort(0, ASC)
    model.update_row("media-00004", make_media(4, title="aaa"))
    model.replace_all([make_media(i) for i in range(40, 44)])
    model.sort(-1)
    assert model.rowCount() == 4
    qtmodeltester.check(model, force_py=True)


def test_each_batch_is_one_insert_and_rows_keep_their_order(qtbot, new_media_model):
    model = new_media_model()
    inserted = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.append_rows([make_media(i) for i in range(3)])
    model.append_rows([make_media(i) for i in range(3, 10)])
    assert inserted == [(0, 2), (3, 9)]
    assert ids(model) == [f"media-{i:05d}" for i in range(10)]
    assert model.object_at(4).id == "media-00004"
    assert model.row_for_id("media-00007") == 7
    assert model.row_for_id("nope") == -1


def test_data_roles(new_media_model):
    model = new_media_model()
    m = make_media(1, status="Processing", duration=125.0)
    model.append_rows([m])
    assert model.index(0, 0).data() == "Recording 00001"
    assert model.index(0, 3).data() == "00:02:05"
    assert model.index(0, 3).data(SortRole) == 125.0
    assert model.index(0, 2).data(SortRole) == m.created_at.timestamp()
    assert model.index(0, 0).data(StatusRole) == "Processing"
    assert model.index(0, 2).data(IdRole) == "media-00001"
    assert model.index(0, 2).data(ObjectRole) is m
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Status"


def test_decoration_column(qapp):
    from PySide6.QtGui import QColor, QPixmap

    from fastpix_viewer.ui.lists.record_table import Column, RecordTableModel

    placeholder = QPixmap(16, 9)
    placeholder.fill(QColor("grey"))
    thumbs: dict[str, QPixmap] = {}
    model = RecordTableModel(
        [Column("thumb", "", lambda m: "", lambda m: None, decoration=lambda m: thumbs.get(m.id, placeholder))],
        row_id=lambda m: m.id,
    )
    model.append_rows([make_media(1)])
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).cacheKey() == placeholder.cacheKey()
    loaded = QPixmap(16, 9)
    loaded.fill(QColor("red"))
    thumbs["media-00001"] = loaded
    model.update_row("media-00001", make_media(1))
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).cacheKey() == loaded.cacheKey()


def test_update_row_changes_only_that_row(qtbot, new_media_model):
    model = new_media_model()
    model.append_rows([make_media(i) for i in range(5)])
    changed = []
    model.dataChanged.connect(lambda tl, br, _roles: changed.append((tl.row(), br.row())))
    assert model.update_row("media-00002", make_media(2, status="Ready", title="Renamed"))
    assert changed == [(2, 2)]
    assert model.index(2, 0).data() == "Renamed"
    assert not model.update_row("missing", make_media(9))


def test_duplicate_ids_across_pages_update_instead_of_duplicating(new_media_model):
    model = new_media_model()
    model.append_rows([make_media(i) for i in range(3)])
    model.append_rows([make_media(2, title="Again"), make_media(3)])
    assert model.rowCount() == 4
    assert model.index(2, 0).data() == "Again"


def test_tooltips_show_html_literally(new_media_model):
    model = new_media_model()
    hostile = ["<b>bold</b>", "<img src=x onerror=alert(1)>", "a\u202eb", "x & y <i>"]
    model.append_rows([make_media(i, title=t) for i, t in enumerate(hostile)])
    for row, title in enumerate(hostile):
        assert model.index(row, 0).data() == title
        assert rendered_tooltip(model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)) == title


def test_huge_title_is_truncated_for_display_only(new_media_model):
    model = new_media_model()
    big = "x" * 1_000_000
    model.append_rows([make_media(0, title=big)])
    shown = model.index(0, 0).data()
    assert shown.endswith("…") and len(shown) <= 500
    assert model.object_at(0).title == big
    assert len(model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)) < 3000


# ---- sorting -------------------------------------------------------------------------


def make_proxy(model):
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def test_sort_by_text_datetime_number_and_status(new_media_model):
    model = new_media_model()
    rows = [
        make_media(0, title="beta", created_at=BASE_TIME + dt.timedelta(days=2), duration=30.0, status="Ready"),
        make_media(1, title="Alpha", created_at=BASE_TIME, duration=5.0, status="Failed"),
        make_media(2, title="gamma", created_at=None, duration=None, status="processing"),
        make_media(3, title="Delta", created_at=BASE_TIME + dt.timedelta(days=1), duration=100.0, status="Created"),
    ]
    model.append_rows(rows)
    proxy = make_proxy(model)
    proxy.sort(0, ASC)  # case-insensitive text
    assert column_texts(proxy, 0) == ["Alpha", "beta", "Delta", "gamma"]
    proxy.sort(0, DESC)
    assert column_texts(proxy, 0) == ["gamma", "Delta", "beta", "Alpha"]
    proxy.sort(2, ASC)  # datetime; missing last in both directions
    assert column_texts(proxy, 0) == ["Alpha", "Delta", "beta", "gamma"]
    proxy.sort(2, DESC)
    assert column_texts(proxy, 0) == ["beta", "Delta", "Alpha", "gamma"]
    proxy.sort(3, ASC)  # numbers, not text: 5 < 30 < 100
    assert column_texts(proxy, 0) == ["Alpha", "beta", "Delta", "gamma"]
    proxy.sort(3, DESC)
    assert column_texts(proxy, 0) == ["Delta", "beta", "Alpha", "gamma"]
    proxy.sort(1, ASC)  # status, case-insensitive
    assert column_texts(proxy, 1) == ["Created", "Failed", "processing", "Ready"]
    proxy.sort(-1, ASC)
    assert column_texts(proxy, 0) == ["beta", "Alpha", "gamma", "Delta"]


def test_rows_arriving_while_sorted_land_in_order(qtmodeltester, new_media_model):
    model = new_media_model()
    proxy = make_proxy(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.sort(3, DESC)
    for start in range(0, 200, 37):
        model.append_rows([make_media(i) for i in range(start, min(start + 37, 200))])
    durations = [proxy.index(r, 3).data(SortRole) for r in range(proxy.rowCount())]
    assert len(durations) == 200
    assert durations == sorted(durations, reverse=True)
    # Ties keep arrival order.
    model.append_rows([make_media(500, duration=1e9), make_media(501, duration=1e9)])
    assert ids(proxy)[:2] == ["media-00500", "media-00501"]
    # An update whose key moves is re-placed.
    model.update_row("media-00501", make_media(501, duration=-1.0))
    assert ids(proxy)[-1] == "media-00501"
    assert ids(model) == ids(proxy)
    assert model.row_for_id("media-00501") == 201
    qtmodeltester.check(proxy, force_py=True)


def test_sort_keeps_the_current_row(qtbot, new_media_model):
    model = new_media_model()
    model.append_rows([make_media(i) for i in range(50)])
    proxy = make_proxy(model)
    kept = QPersistentModelIndex(proxy.index(10, 0))
    proxy.sort(3, ASC)
    assert kept.isValid() and kept.data(IdRole) == "media-00010"


# ---- filtering -----------------------------------------------------------------------


def test_text_filter_matches_title_id_playback_id_and_metadata(new_media_model):
    model = new_media_model()
    model.append_rows([make_media(i) for i in range(20)])
    model.append_rows([make_media(20, title="<b>Keynote</b>", metadata={"room": "Hall ÄB"})])
    proxy = make_proxy(model)
    for needle, expected in [
        ("keynote", ["media-00020"]),
        ("MEDIA-00007", ["media-00007"]),
        ("pb-00011", ["media-00011"]),
        ("hall äb", ["media-00020"]),
        ("cam 4", ["media-00004", "media-00009", "media-00014", "media-00019"]),
        ("", [f"media-{i:05d}" for i in range(21)]),
        ("no such thing", []),
    ]:
        proxy.set_text_filter(needle)
        assert ids(proxy) == expected, needle


def test_text_filter_does_not_match_across_fields(new_media_model):
    model = new_media_model()
    model.append_rows([make_media(1, title="ab", playback_ids=("cd",), metadata={})])
    proxy = make_proxy(model)
    proxy.set_text_filter("bc")
    assert proxy.rowCount() == 0


def test_status_filter_by_status_or_category(new_media_model):
    model = new_media_model()
    model.append_rows([make_media(i) for i in range(8)])  # Ready, Processing, Failed, waiting…
    model.append_rows([make_media(8, status="In Queue"), make_media(9, status="brand-new-state")])
    proxy = make_proxy(model)
    proxy.set_status_filter({"READY"})
    assert ids(proxy) == ["media-00000", "media-00004"]
    proxy.set_status_filter({"processing"})  # category: unknown and queued count as processing
    assert ids(proxy) == ["media-00001", "media-00003", "media-00005", "media-00007", "media-00008", "media-00009"]
    proxy.set_status_filter({"waiting"})  # exact status
    assert ids(proxy) == ["media-00003", "media-00007"]
    proxy.set_status_filter(None)
    assert proxy.rowCount() == 10


def test_filters_combine_and_follow_appended_and_updated_rows(qtmodeltester, new_media_model):
    model = new_media_model()
    proxy = make_proxy(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_predicate(lambda m: m.stream_id is not None)  # "recordings only"
    proxy.set_status_filter({"ready"})
    proxy.sort(0, DESC)
    model.append_rows([make_media(i) for i in range(10)])
    assert ids(proxy) == ["media-00008", "media-00004", "media-00000"]
    model.append_rows([make_media(i) for i in range(10, 20)])
    assert ids(proxy) == ["media-00016", "media-00012", "media-00008", "media-00004", "media-00000"]
    proxy.set_text_filter("cam 1")
    assert ids(proxy) == ["media-00016"]
    model.update_row("media-00016", make_media(16, status="Failed"))
    assert ids(proxy) == []
    model.update_row("media-00016", make_media(16, status="ready"))
    assert ids(proxy) == ["media-00016"]
    assert proxy.row_for_id("media-00016") == 0
    assert proxy.object_at(0).id == "media-00016"
    proxy.set_text_filter("")
    proxy.set_predicate(None)
    proxy.set_status_filter(None)
    assert proxy.rowCount() == 20


def test_fifty_thousand_rows_sort_and_filter_correctly(new_media_model):
    model = new_media_model()
    proxy = make_proxy(model)
    proxy.set_status_filter({"failed"})
    proxy.sort(3, ASC)
    n = 50_000
    rows = many_media(n)
    for start in range(0, n, 5_000):
        model.append_rows(rows[start : start + 5_000])
    assert model.rowCount() == n
    assert proxy.rowCount() == n // 4
    durations = [proxy.index(r, 3).data(SortRole) for r in range(proxy.rowCount())]
    assert durations == sorted(durations)
    proxy.set_text_filter("recording 4999")
    assert sorted(ids(proxy)) == [f"media-{i:05d}" for i in range(49990, 50000) if i % 4 == 2]
    proxy.set_text_filter("")
    proxy.set_status_filter(None)
    proxy.sort(0, DESC)
    assert proxy.index(0, 0).data() == "Recording 49999"
    assert proxy.index(n - 1, 0).data() == "Recording 00000"


def test_rows_prepared_on_a_worker_thread(new_media_model):
    import threading

    model = new_media_model()
    other = new_media_model()
    prepared = {}
    worker = threading.Thread(
        target=lambda: prepared.setdefault("rows", model.prepare_rows([make_media(i) for i in range(5)]))
    )
    worker.start()
    worker.join()
    model.append_rows(prepared["rows"])
    model.append_rows(model.prepare_rows([make_media(4, title="again"), make_media(5)]))
    assert ids(model) == [f"media-{i:05d}" for i in range(6)]
    assert model.index(4, 0).data() == "again"
    model.replace_all(model.prepare_rows([make_media(9)]))
    assert ids(model) == ["media-00009"]
    with pytest.raises(ValueError, match="another model"):
        other.append_rows(model.prepare_rows([make_media(1)]))


def test_large_interleaved_batch_while_sorted(qtmodeltester, new_media_model):
    # Enough distinct insertion points that the model appends and re-sorts
    # (one insert + one layout change) instead of inserting run by run.
    model = new_media_model()
    proxy = make_proxy(model)
    proxy.set_status_filter({"ready", "failed"})
    qtmodeltester.check(proxy, force_py=True)
    proxy.sort(3, ASC)
    model.append_rows([make_media(i, duration=float(i)) for i in range(0, 1200, 2)])
    signals = []
    model.rowsInserted.connect(lambda *_: signals.append("insert"))
    model.layoutChanged.connect(lambda *_: signals.append("layout"))
    model.append_rows([make_media(i, duration=float(i)) for i in range(1, 1200, 2)])
    assert signals == ["insert", "layout"]
    assert ids(model) == [f"media-{i:05d}" for i in range(1200)]
    durations = [model.index(r, 3).data(SortRole) for r in range(model.rowCount())]
    assert durations == sorted(durations)
    shown = [proxy.index(r, 3).data(SortRole) for r in range(proxy.rowCount())]
    assert shown == sorted(shown) and len(shown) == 600
    assert model.row_for_id("media-00601") == ids(model).index("media-00601")


# ---- rows worked out again, rows removed (issue 15: no full re-preparation on the main thread)


def test_refreshed_rows_take_their_place_and_keep_newer_and_removed_rows(qtmodeltester, new_media_model):
    model = new_media_model()
    proxy = make_proxy(model)
    qtmodeltester.check(proxy, force_py=True)
    originals = [make_media(i, duration=float(i)) for i in range(30)]
    model.append_rows(originals)
    proxy.sort(3, ASC)
    current = QPersistentModelIndex(proxy.index(5, 0))
    snapshot = model.objects()
    # Meanwhile (the job runs on a worker): one row is replaced by a newer record, one is deleted.
    model.update_row("media-00007", make_media(7, title="renamed meanwhile", duration=7.0))
    model.remove_where(lambda o: o.id == "media-00009")
    # The snapshot's rows come back worked out again (here: other titles and durations).
    again = model.prepare_rows([make_media(int(o.id[-5:]), title=f"again {o.id[-2:]}",
                                           duration=float(100 - int(o.id[-5:]))) for o in snapshot])
    for row, obj in zip(again.rows, snapshot, strict=True):
        row.obj = obj  # the same objects, as prepare_rows(model.objects()) gives them
    assert model.refresh_rows(again) == 28
    assert "media-00009" not in ids(model) and model.rowCount() == 29
    assert model.index(model.row_for_id("media-00007"), 0).data() == "renamed meanwhile"
    assert model.index(model.row_for_id("media-00003"), 0).data() == "again 03"
    durations = [proxy.index(r, 3).data(SortRole) for r in range(proxy.rowCount())]
    assert durations == sorted(durations)  # the new durations re-sorted the view
    assert current.isValid() and current.data(IdRole) == "media-00005"
    qtmodeltester.check(proxy, force_py=True)


def test_remove_where_keeps_the_selection_and_works_out_no_row_again(qtmodeltester, new_media_model, monkeypatch):
    from fastpix_viewer.ui.lists import table_rows

    model = new_media_model()
    proxy = make_proxy(model)
    qtmodeltester.check(proxy, force_py=True)
    model.append_rows([make_media(i) for i in range(40)])
    kept = QPersistentModelIndex(proxy.index(20, 0))
    removed = []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    made = []
    real_init = table_rows.Row.__init__
    monkeypatch.setattr(table_rows.Row, "__init__", lambda self, *a: made.append(1) or real_init(self, *a))
    gone = {"media-00003", "media-00004", "media-00030"}
    assert model.remove_where(lambda o: o.id in gone) == 3
    assert made == []  # the other rows are kept as they were prepared
    assert removed == [(30, 30), (3, 4)]  # one removal per run, from the end
    assert ids(model) == [f"media-{i:05d}" for i in range(40) if f"media-{i:05d}" not in gone]
    assert kept.isValid() and kept.data(IdRole) == "media-00020"
    assert model.row_for_id("media-00031") == 28
    assert model.remove_where(lambda o: False) == 0
    qtmodeltester.check(proxy, force_py=True)


def test_removing_rows_scattered_over_a_large_list_is_one_reset(qtmodeltester, new_media_model):
    model = new_media_model()
    proxy = make_proxy(model)
    qtmodeltester.check(proxy, force_py=True)
    model.append_rows([make_media(i) for i in range(1000)])
    signals = []
    model.rowsRemoved.connect(lambda *_: signals.append("remove"))
    model.modelReset.connect(lambda *_: signals.append("reset"))
    assert model.remove_where(lambda o: int(o.id[-5:]) % 2 == 1) == 500
    assert signals == ["reset"]
    assert ids(model) == [f"media-{i:05d}" for i in range(0, 1000, 2)]
    assert model.row_for_id("media-00998") == 499
    qtmodeltester.check(proxy, force_py=True)


def test_a_painted_cell_gets_every_role_in_one_call_with_what_data_answers(qapp, new_media_model):
    """Delegates fetch a cell's roles with multiData; the model (and the filter proxy, which Qt
    would answer with one data() per role) fill them in one call (issue 15: a repaint's Python
    calls). What a cell shows must not change: the same text, alignment and tooltip."""
    from PySide6.QtGui import QColor, QPixmap
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    from fastpix_viewer.ui.lists.record_table import Column, RecordTableModel

    picture = QPixmap(16, 9)
    picture.fill(QColor("red"))
    model = RecordTableModel(
        [Column("title", "Title", lambda m: m.title, lambda m: m.title, decoration=lambda m: picture),
         Column("duration", "Duration", lambda m: f"{m.duration:.0f} s", lambda m: m.duration,
                alignment=Qt.AlignmentFlag.AlignRight)],
        row_id=lambda m: m.id,
    )
    model.append_rows([make_media(i, title=f"<b>{i}</b> & more", duration=float(i)) for i in range(5)])
    proxy = make_proxy(model)
    proxy.sort(1, DESC)
    filled = []
    real_multi = model.multiData
    model.multiData = lambda index, span: filled.append(index.row()) or real_multi(index, span)
    data_calls = []
    real_data = model.data
    model.data = lambda index, role=Qt.ItemDataRole.DisplayRole: data_calls.append(role) or real_data(index, role)
    delegate = QStyledItemDelegate()
    for r in range(proxy.rowCount()):
        for c in range(2):
            index = proxy.index(r, c)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == real_data(proxy.mapToSource(index))
            assert bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration) == (c == 0)
            if c == 1:
                assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert len(filled) == 10 and data_calls == []  # one call per cell, no per-role data()
    assert option.text == "0 s"  # sorted by duration, descending: the last row is the shortest


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=st.sampled_from(["", "recording 0", "cam 3", "chapter", "zz", "1"]),
       statuses=st.sampled_from([None, frozenset({"ready"}), frozenset({"processing", "failed"})]),
       recordings_only=st.booleans(), with_ids=st.booleans(), found_in=st.sets(st.integers(0, 39), max_size=8))
def test_a_filter_change_shows_the_rows_each_rule_keeps_and_later_rows_follow_it(
        new_media_model, needle, statuses, recordings_only, with_ids, found_in):
    """A filter change decides every row in one pass (issue 15): the rows shown must be the
    ones the row-by-row rule keeps, also for rows that arrive or change afterwards, with the
    insight search asked per row or once for all."""
    model = new_media_model()
    model.append_rows([make_media(i) for i in range(30)])
    elsewhere = {f"media-{i:05d}" for i in found_in}  # "the needle is in this media's insights"

    def where(obj, text):
        return "in a chapter" if text and obj.id in elsewhere else None

    proxy = make_proxy(model)
    proxy.set_extra_matcher(where, (lambda _text: elsewhere) if with_ids else None)
    proxy.set_text_filter(needle)
    proxy.set_status_filter(statuses)
    proxy.set_predicate((lambda m: m.stream_id is not None) if recordings_only else None)

    def expected() -> set[str]:
        kept = set()
        for r in range(model.rowCount()):
            media = model.index(r, 0).data(ObjectRole)
            row = model._rows[r]
            if needle and needle not in row.haystack and media.id not in elsewhere:
                continue
            if statuses is not None and row.category not in statuses and row.norm_status not in statuses:
                continue
            if recordings_only and media.stream_id is None:
                continue
            kept.add(media.id)
        return kept

    assert set(ids(proxy)) == expected()
    model.append_rows([make_media(i) for i in range(30, 40)])  # a page arrives: asked row by row
    model.update_row("media-00003", make_media(3, status="Ready", title="Chapter one"))
    assert set(ids(proxy)) == expected()
    proxy.set_text_filter(needle + " ")  # a change again: every row in one pass
    proxy.set_text_filter(needle)
    assert set(ids(proxy)) == expected()
