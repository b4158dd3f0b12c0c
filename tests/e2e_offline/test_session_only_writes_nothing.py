"""A "This session only" workspace keeps everything in memory, as the connect dialog promises
(issue 13, item 10): no offline copy, no thumbnail, no window state with its item IDs."""

from __future__ import annotations

from fpv_support.sandbox_workspace import sandbox_workspace

from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.api.profiles import ProfileStore
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow
from fastpix_viewer.ui.workspaces.connect_form import SESSION_ONLY_TEXT
from fastpix_viewer.ui.workspaces.targets import Target, open_target


def files_under(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_session_only_workspace_writes_nothing_to_disk(qtbot, sandbox, tmp_path):
    assert "nothing is written to disk" in SESSION_ONLY_TEXT  # the promise being kept
    config = tmp_path / "config"
    workspace = sandbox_workspace(sandbox, name="Passing through")
    session = open_target(Target("session", workspace.name), ProfileStore(config), {workspace.name: workspace},
                          lambda: {"retry": RetryPolicy(attempts=1), "page_size": 50})
    pool = WorkerPool(4)
    window = MainWindow(session, pool, UiSettings(config), cache_dir=config / "cache")
    qtbot.addWidget(window)
    window.show()
    try:
        window.refresh()
        qtbot.waitUntil(lambda: not window.is_loading(), timeout=20000)
        assert window.streams_model.rowCount() > 0 and window.media_model.rowCount() > 0
        window.list_tabs.setCurrentIndex(1)
        chosen = window.media_model.objects()[0]
        assert window.media_pane.select_id(chosen.id)  # details and a thumbnail are fetched
        qtbot.waitUntil(lambda: window.current_item() is not None and window.current_item().id == chosen.id,
                        timeout=15000)
        qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
    finally:
        window.close()
        pool.shutdown(timeout=2.0)
        session.client.close()
    assert files_under(tmp_path) == []
