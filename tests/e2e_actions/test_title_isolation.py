"""Right-to-left text, bidi controls and markup in names never scramble the window title
(issue 16 item 18): the name is isolated, "[*]" stays literal, markup stays text."""

from __future__ import annotations

import httpx
from fpv_actions_helpers import all_items

from fastpix_viewer.ui.core.items import isolate, window_title
from fastpix_viewer.ui.shell.main_window import APP_TITLE, MEDIA_TAB

FSI, PDI = "\u2068", "\u2069"


def _retitle(sandbox, media_id: str, title: str) -> None:
    httpx.patch(f"{sandbox.api_base}/on-demand/{media_id}", json={"title": title},
                auth=(sandbox.token_id, sandbox.secret_key), timeout=10).raise_for_status()


def test_a_right_to_left_name_with_markup_and_an_override_is_isolated_in_the_window_title(
        harness, sandbox, qtbot) -> None:
    media = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Podcast episode 12")
    # Hebrew, then markup, Qt's "[*]" placeholder and an unclosed right-to-left override.
    _retitle(sandbox, media["id"], "שלום <b>world</b> [*] \u202e2024!")
    window = harness.open_window()
    assert window.select(MEDIA_TAB, media["id"])
    qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == media["id"], timeout=10000)
    harness.wait_idle()
    expected_name = "שלום <b>world</b> [*] 2024!"
    # What the window manager gets: the name between isolates, then the app's name untouched.
    shown = window.windowHandle().title()
    assert shown == f"{FSI}{expected_name}{PDI} — {APP_TITLE}"
    assert "\u202e" not in shown and shown.endswith(f"{PDI} — {APP_TITLE}")
    # The row still shows the name as FastPix holds it (isolation is only for composed text).
    assert window.current_item().display_title == "שלום <b>world</b> [*] \u202e2024!"


def test_left_to_right_names_are_left_alone_and_stray_controls_dropped() -> None:
    assert isolate("Weekly town hall") == "Weekly town hall"
    assert isolate("Town hall \u202eevil") == "Town hall evil"  # an override alone is dropped
    assert isolate("اجتماع 2024") == f"{FSI}اجتماع 2024{PDI}"
    assert isolate(f"{PDI}שלום") == f"{FSI}שלום{PDI}"  # a stray PDI cannot close ours early
    assert window_title("", APP_TITLE) == APP_TITLE
    assert window_title("A [*] B", APP_TITLE) == f"A [*][*] B — {APP_TITLE}"
