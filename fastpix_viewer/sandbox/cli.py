"""``fastpix-viewer-sandbox``: run the sandbox standalone and print how to reach it."""

from __future__ import annotations

import argparse
import json
import signal
import sys

from .faults import FaultSpecError
from .server import SandboxServer
from .wire import DEFAULT_WIRE, WIRE_VERSIONS

PROG = "fastpix-viewer-sandbox"


def _at_least(minimum: float, kind: type, what: str):
    """An argparse type: a number of `kind` no smaller than `minimum` (one-line error otherwise)."""

    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number, got {text!r}") from None
        if value != value or value < minimum:  # NaN or too small
            raise argparse.ArgumentTypeError(f"{what} must be at least {minimum:g}, got {text}")
        return value

    return convert


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A local FastPix-compatible server with a demo workspace and real HLS recordings.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=_at_least(0, int, "the port"), default=0, help="port to bind (default: 0, any free port)")
    parser.add_argument("--scale", type=_at_least(0, int, "the scale"), default=None, metavar="N",
                        help="N media and N/10 streams instead of the seed workspace alone")
    parser.add_argument("--wire", choices=WIRE_VERSIONS, default=DEFAULT_WIRE,
                        help="JSON wire version (default: %(default)s)")
    parser.add_argument("--processing-delay", type=_at_least(0, float, "the processing delay"), default=None,
                        metavar="S",
                        help="Processing media turn Ready S seconds after start (default: never)")
    parser.add_argument("--recording-appears", choices=("start", "end"), default="end",
                        help="a broadcast's recording joins mediaIds at its start or its end (default: end)")
    parser.add_argument("--mode", action="append", default=[], metavar="NAME=VALUE",
                        help="undocumented FastPix behaviour to serve: recording_stream_id=seed|always|never, "
                             "metadata_patch=replace|merge, token_exp=every|master, "
                             "recording_clip=live|plain, live_clips=clips|with_recordings (repeatable)")
    parser.add_argument("--broadcast", action="append", default=[], metavar="STREAM_ID",
                        help="start a broadcast on this idle stream ('idle': the first idle one); repeatable")
    parser.add_argument("--faults", default="", metavar="SPEC",
                        help='fault rules, e.g. "api:latency=100-300ms; api:status=503@0.1; '
                             'stream/*.ts:segment404@0.05" (syntax: fastpix_viewer/sandbox/faults.py)')
    parser.add_argument("--fault-seed", type=int, default=0, metavar="N",
                        help="seed for the fault generators (default: 0)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON line with the base URLs and credentials")
    return parser.parse_args(argv)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _start_broadcasts(server: SandboxServer, stream_ids: list[str]) -> str | None:
    """Start a broadcast on each stream ('idle' = the first idle one); why not, or None."""
    for stream_id in stream_ids:
        if stream_id == "idle":
            idle = [s for s in server.workspace.page_streams(50, 1).items if s.status == "idle"]
            if not idle:
                return "no idle stream to broadcast on"
            stream_id = idle[0].id
        try:
            if server.workspace.start_broadcast(stream_id) is None:
                return f"cannot broadcast on {stream_id}: no such stream"
        except Exception as exc:
            return f"cannot broadcast on {stream_id}: {exc}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        server = SandboxServer(scale=args.scale, wire=args.wire, host=args.host, port=args.port,
                               processing_delay=args.processing_delay,
                               recording_appears=args.recording_appears,
                               modes=dict(item.partition("=")[::2] for item in args.mode),
                               faults=args.faults, fault_seed=args.fault_seed)
    except FaultSpecError as exc:
        print(f"{PROG}: --faults: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad --mode
        print(f"{PROG}: --mode: {exc}", file=sys.stderr)
        return 2
    try:
        server.start()
    except OSError as exc:
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    problem = _start_broadcasts(server, args.broadcast)
    if problem:
        print(f"{PROG}: --broadcast: {problem}", file=sys.stderr)
        server.stop()
        return 2
    # A reset (POST /_sandbox/reset) restores the seed; restart the requested broadcasts too.
    server.state.extras.setdefault("reset_hooks", []).append(
        lambda: _start_broadcasts(server, args.broadcast))
    info = {
        "api": server.api_base, "stream": server.stream_base, "image": server.image_base,
        "control": server.control_base, "token_id": server.token_id, "secret_key": server.secret_key,
        "signing_key_id": server.signing_key_id, "signing_key": server.signing_key,
    }
    if args.json:
        print(json.dumps(info), flush=True)
    else:
        print("FastPix sandbox running (Ctrl+C to stop)", flush=True)
        print(f"  API base      {info['api']}")
        print(f"  stream base   {info['stream']}")
        print(f"  image base    {info['image']}")
        print(f"  control       {info['control']}")
        print(f"  token ID      {info['token_id']}")
        print(f"  secret key    {info['secret_key']}")
        print(f"  signing key   {info['signing_key_id']} (private key: run with --json)", flush=True)
    # SIGTERM (e.g. from a test or `kill`) stops as cleanly as Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
