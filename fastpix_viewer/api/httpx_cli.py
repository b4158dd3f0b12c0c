"""Keep httpx's command-line tool out of the app.

`import httpx` runs `from ._main import main` for the `httpx` console command, and that module
imports click, pygments and rich whenever they are installed: uvicorn (the sandbox's server)
brings click, the dev tools bring the other two. The app never runs that command, yet paid
for those imports at every start (rich, pygments and click were ~200 ms of `-X importtime`
self time in the development environment; issue 15). A stand-in module takes its place before
httpx is first imported (importing this module does it: `fastpix_viewer.api` imports it
first); `httpx.main()` then says where the real command is.
"""

from __future__ import annotations

import sys
import types

_NAME = "httpx._main"


def _main(*_args: object, **_kwargs: object) -> None:
    raise SystemExit("The httpx command line is not loaded inside fastpix-viewer; run `httpx` itself.")


def leave_out_httpx_cli() -> None:
    """Install the stand-in, unless httpx's own module is already loaded (then nothing)."""
    if _NAME in sys.modules or "httpx" in sys.modules:
        return
    stand_in = types.ModuleType(_NAME, "Stand-in for httpx's command-line module (see fastpix_viewer.api.httpx_cli).")
    stand_in.main = _main  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in


leave_out_httpx_cli()
