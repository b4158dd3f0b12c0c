"""OfflineStore: listings and details per workspace in SQLite, secrets masked, damage survived."""

from __future__ import annotations

import json
import sqlite3
import threading

from fastpix_viewer.cache.offline import OfflineStore, workspace_key

WS = workspace_key("https://api.example.test/v1", "token-id-1")
OTHER = workspace_key("https://api.example.test/v1", "token-id-2")


def test_workspace_key_is_a_hash_of_base_and_token_id_only():
    assert WS != OTHER
    assert WS == workspace_key("https://api.example.test/v1/", "token-id-1")
    assert "token-id-1" not in WS and len(WS) == 64


def test_listing_roundtrip_in_order_per_workspace(tmp_path):
    store = OfflineStore(tmp_path / "o.sqlite3")
    assert store.load_listing(WS, "media") is None
    items = [{"id": "b", "title": "Second"}, {"id": "a", "title": "First", "metadata": {"k": "v"}}]
    store.save_listing(WS, "media", items, now=1000.0)
    cached = store.load_listing(WS, "media")
    assert cached is not None and cached.saved_at == 1000.0 and cached.items == items
    assert store.load_listing(OTHER, "media") is None
    assert store.load_listing(WS, "streams") is None
    store.save_listing(WS, "media", items[:1], now=2000.0)  # a newer complete listing replaces it
    assert store.load_listing(WS, "media").items == items[:1]


def test_secrets_are_masked_before_they_reach_the_disk(tmp_path):
    path = tmp_path / "o.sqlite3"
    store = OfflineStore(path)
    stream = {"id": "s1", "streamKey": "sk-VERYSECRET", "srtPlaybackSecret": "srt-SECRET2",
              "nested": [{"srtSecret": "SECRET3"}]}
    store.save_listing(WS, "streams", [stream])
    store.save_details(WS, "streams", [("s1", stream)])
    for suffix in ("", "-wal"):
        f = path.with_name(path.name + suffix)
        if f.exists():
            blob = f.read_bytes()
            assert b"VERYSECRET" not in blob and b"SECRET2" not in blob and b"SECRET3" not in blob
    assert store.load_details(WS, "streams", "s1").raw["streamKey"] == "<redacted>"


def test_details_roundtrip_and_missing(tmp_path):
    store = OfflineStore(tmp_path / "o.sqlite3")
    assert store.save_details(WS, "media", [("m1", {"id": "m1", "title": "x"}), ("", {"no": "id"})], now=5.0) == 1
    item = store.load_details(WS, "media", "m1")
    assert item is not None and item.saved_at == 5.0 and item.raw == {"id": "m1", "title": "x"}
    assert store.load_details(WS, "media", "m2") is None
    assert store.load_details(OTHER, "media", "m1") is None
    store.forget_workspace(WS)
    assert store.load_details(WS, "media", "m1") is None


def test_a_corrupt_database_file_is_moved_aside_and_the_store_works(tmp_path):
    path = tmp_path / "o.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = OfflineStore(path)
    assert store.load_listing(WS, "media") is None
    store.save_listing(WS, "media", [{"id": "a"}])
    assert store.load_listing(WS, "media").items == [{"id": "a"}]
    assert (tmp_path / "o.sqlite3.corrupt").exists()


def test_damaged_json_in_an_intact_database_reads_as_missing(tmp_path):
    path = tmp_path / "o.sqlite3"
    store = OfflineStore(path)
    store.save_listing(WS, "media", [{"id": "a"}])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE listings SET items='[{broken'")
    conn.close()
    assert store.load_listing(WS, "media") is None


def test_concurrent_writers_and_readers(tmp_path):
    store = OfflineStore(tmp_path / "o.sqlite3")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(15):
                store.save_listing(WS, "media", [{"id": f"{n}-{i}", "n": i}])
                store.save_details(WS, "media", [(f"{n}-{i}", {"id": f"{n}-{i}"})])
                got = store.load_listing(WS, "media")
                assert got is not None and len(got.items) == 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    conn = sqlite3.connect(tmp_path / "o.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM details").fetchone()[0] == 60
    assert json.loads(conn.execute("SELECT items FROM listings").fetchone()[0])[0]["id"].count("-") == 1
    conn.close()


def _disk_full(monkeypatch, *, reads_fail: bool = False) -> None:
    """Fault: every new connection sees a full disk. Writes hit SQLite's page limit (SQLITE_FULL,
    exactly what a full disk raises); with `reads_fail`, opening fails with an I/O error too."""
    import fastpix_viewer.cache.offline as offline

    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        if reads_fail:
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = 10  # SQLITE_IOERR
            raise error
        conn = real_connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        return conn

    monkeypatch.setattr(offline.sqlite3, "connect", connect)


def test_a_full_disk_keeps_the_database_stops_caching_and_says_so_once(tmp_path, monkeypatch, caplog):
    path = tmp_path / "o.sqlite3"
    store = OfflineStore(path)
    store.save_listing(WS, "media", [{"id": "a"}])
    store.save_details(WS, "media", [("a", {"id": "a", "title": "kept"})])
    _disk_full(monkeypatch)
    big = [{"id": f"m{n}", "title": "x" * 2000} for n in range(500)]
    with caplog.at_level("WARNING", logger="fastpix_viewer.cache.offline"):
        store.save_listing(WS, "media", big)  # no exception: a cache never stops the app
        store.save_details(WS, "media", [(f"m{n}", item) for n, item in enumerate(big)])
        store.save_listing(WS, "streams", big)
    assert store.stopped is not None and "could not be written" in store.stopped
    assert len([r for r in caplog.records if "stopped" in r.getMessage()]) == 1  # said once
    assert not list(tmp_path.glob("*.corrupt"))  # not treated as damage
    assert store.load_listing(WS, "media").items == [{"id": "a"}]  # the earlier copy is intact
    monkeypatch.undo()
    assert OfflineStore(path).load_details(WS, "media", "a").raw["title"] == "kept"


def test_an_io_error_on_read_is_not_damage(tmp_path, monkeypatch):
    path = tmp_path / "o.sqlite3"
    OfflineStore(path).save_listing(WS, "streams", [{"streamId": "s"}])
    size = path.stat().st_size
    store = OfflineStore(path)
    _disk_full(monkeypatch, reads_fail=True)
    assert store.load_listing(WS, "streams") is None  # nothing to show now...
    store.save_listing(WS, "streams", [])
    monkeypatch.undo()
    assert not list(tmp_path.glob("*.corrupt")) and path.stat().st_size == size
    assert OfflineStore(path).load_listing(WS, "streams").items == [{"streamId": "s"}]  # ...but nothing lost
