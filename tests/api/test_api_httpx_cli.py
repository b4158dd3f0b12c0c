"""The app does not load httpx's command-line tool, which imports click, pygments and rich when
they are installed (issue 15: ~50 ms of every start-up in the interleaved A/B)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CLI_LIBRARIES = ("click", "pygments", "rich")


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=60)


def test_starting_the_window_loads_none_of_httpxs_command_line_libraries():
    # uvicorn (the sandbox's server) brings click, the dev tools pygments and rich: a plain
    # `import httpx` loads them here, the app's imports do not.
    plain = _run(f"""
        import sys, httpx
        print(sorted(name for name in {CLI_LIBRARIES!r} if name in sys.modules))
        """)
    assert plain.returncode == 0 and "click" in plain.stdout, plain.stderr
    app = _run(f"""
        import sys
        import fastpix_viewer.ui.shell.main_window, fastpix_viewer.cli
        import httpx
        print(sorted(name for name in {CLI_LIBRARIES!r} if name in sys.modules))
        assert httpx.Client is not None and httpx.get is not None  # the library itself is whole
        """)
    assert app.returncode == 0, app.stderr
    assert app.stdout.strip() == "[]"


def test_httpx_main_says_it_is_not_loaded():
    result = _run("""
        import fastpix_viewer.api, httpx
        httpx.main()
        """)
    assert result.returncode == 1
    assert "httpx command line is not loaded inside fastpix-viewer" in result.stderr
