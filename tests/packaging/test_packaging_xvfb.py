"""The frozen app shows video on a real X server (Xvfb) through libVLC's X output.

The demo's smoke test plays "Weekly town hall" (colour bars with a moving line and a
running timecode) for about two seconds; screenshots of the whole screen taken
meanwhile must show the bars' yellow, cyan and magenta in quantity, and differ inside
the bars between two shots (moving video, not the still poster the app shows before
playback). The same run with `--no-video` is the control: it must not show moving
bars, so the check really looks at libVLC's output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpv_dist import APP, app_env, assert_demo_played, read_smoke_report, smoke_command
from PIL import Image, ImageChops

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

SCREEN = (1280, 800)
SCALE = 4          # screenshots are reduced 4x before analysis
TALL = 50          # a bar must run 200 screen pixels high: the video, not a thumbnail
MIN_COLUMNS = 5    # ...and be 20 screen pixels wide
MIN_MOTION = 0.01  # share of the bars' box that changed between two frames
BAR_NAMES = ("yellow", "cyan", "magenta", "red", "green", "blue")


def _bar_colour(r: int, g: int, b: int) -> str | None:
    """Pure colour-bar colours; the app's badges and highlights are darker or paler."""
    if r > 200 and g > 200 and b < 80:
        return "yellow"
    if r < 80 and g > 200 and b > 200:
        return "cyan"
    if r > 200 and g < 80 and b > 200:
        return "magenta"
    if r > 200 and g < 60 and b < 60:
        return "red"
    if r < 80 and g > 200 and b < 80:
        return "green"
    if r < 60 and g < 60 and b > 200:
        return "blue"
    return None


@dataclass
class Shot:
    image: Image.Image                      # reduced SCALE times
    tall_columns: dict[str, int]            # per colour: columns holding a TALL run of it
    box: tuple[int, int, int, int] | None   # around those runs

    @property
    def shows_bars(self) -> bool:
        big = {name for name, count in self.tall_columns.items() if count >= MIN_COLUMNS}
        return {"yellow", "cyan", "magenta"} <= big and len(big) >= 4


def analyse(path: Path) -> Shot:
    """Find large colour bars: vertical runs of one bar colour at least TALL high.
    Thumbnails in the lists and the details pane are far smaller than that."""
    image = Image.open(path).convert("RGB").reduce(SCALE)
    width, height = image.size
    pixels = list(getattr(image, "get_flattened_data", image.getdata)())
    tall = dict.fromkeys(BAR_NAMES, 0)
    xs, ys = [], []
    for x in range(width):
        run_colour, run_start = None, 0
        for y in range(height + 1):
            colour = _bar_colour(*pixels[y * width + x]) if y < height else None
            if colour != run_colour:
                if run_colour is not None and y - run_start >= TALL:
                    tall[run_colour] += 1
                    xs.append(x)
                    ys.extend((run_start, y))
                run_colour, run_start = colour, y
    box = (min(xs), min(ys), max(xs) + 1, max(ys)) if xs else None
    return Shot(image, tall, box)


def changed_share(first: Shot, second: Shot) -> float:
    """How much of the bars' box differs between two shots (moving video vs a still)."""
    assert first.box is not None
    difference = ImageChops.difference(first.image.crop(first.box), second.image.crop(first.box))
    histogram = difference.convert("L").point(lambda v: 255 if v > 40 else 0).histogram()
    return histogram[255] / max(1, sum(histogram))


def shows_moving_video(shots: list[Shot]) -> bool:
    with_bars = [shot for shot in shots if shot.shows_bars]
    return any(changed_share(a, b) >= MIN_MOTION
               for i, a in enumerate(with_bars) for b in with_bars[i + 1:])


def test_detector_on_synthetic_frames(tmp_path: Path):
    """The detector itself: bars that move are video; the same still twice, or a
    plain grey window, are not."""
    def frame(name: str, line_y: int | None) -> Shot:
        image = Image.new("RGB", (1280, 800), (239, 239, 239))
        for index, colour in enumerate([(255, 255, 0), (0, 255, 255), (255, 0, 255), (255, 0, 0), (0, 255, 0)]):
            image.paste(colour, (600 + index * 110, 70, 710 + index * 110, 440))
        if line_y is not None:
            image.paste((20, 20, 20), (600, line_y, 1150, line_y + 60))
        image.save(tmp_path / name)
        return analyse(tmp_path / name)

    first, moved, still = frame("a.png", 100), frame("b.png", 300), frame("c.png", 100)
    assert first.shows_bars and shows_moving_video([first, moved])
    assert not shows_moving_video([first, still])

    def thumbnails(name: str, offset: int) -> Shot:
        """Small bars (list thumbnails, a details preview) that change: not video."""
        image = Image.new("RGB", (1280, 800), (239, 239, 239))
        for row in range(10):
            for index, colour in enumerate([(255, 255, 0), (0, 255, 255), (255, 0, 255), (255, 0, 0)]):
                left = offset + index * 30
                image.paste(colour, (left, 40 + row * 75, left + 30, 100 + row * 75))
        image.save(tmp_path / name)
        return analyse(tmp_path / name)

    small = [thumbnails("t1.png", 10), thumbnails("t2.png", 25)]
    assert not any(shot.shows_bars for shot in small) and not shows_moving_video(small)
    Image.new("RGB", (1280, 800), (239, 239, 239)).save(tmp_path / "grey.png")
    assert not analyse(tmp_path / "grey.png").shows_bars


@pytest.fixture(scope="module")
def xvfb_display():
    if shutil.which("Xvfb") is None or shutil.which("import") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb and ImageMagick's import are installed by ./dev; they are missing")
        pytest.skip("needs Xvfb and ImageMagick")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not report its display"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _play_and_capture(bundle: Path, display: str, tmp_path: Path, vlc_args: str) -> tuple[dict, list[Path]]:
    env = app_env(QT_QPA_PLATFORM="xcb", DISPLAY=display)
    shots_dir = tmp_path / "shots"
    shots_dir.mkdir()
    app = subprocess.Popen(smoke_command(bundle / APP, tmp_path / "cfg", vlc_args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    shots = []
    deadline = time.monotonic() + 120
    while app.poll() is None and time.monotonic() < deadline:
        shot = shots_dir / f"{len(shots):03d}.png"
        subprocess.run(["import", "-display", display, "-window", "root", str(shot)],
                       capture_output=True, timeout=30, check=False)
        if shot.exists():
            shots.append(shot)
        time.sleep(0.05)
    try:
        stdout, stderr = app.communicate(timeout=30)
    finally:
        app.kill()
    report = read_smoke_report(subprocess.CompletedProcess(app.args, app.returncode, stdout, stderr))
    return report, shots


def test_frozen_app_shows_the_video_on_x11(bundle: Path, xvfb_display: str, tmp_path: Path):
    # The lowest rendition throughout: no pause for a rendition switch inside the
    # two seconds the smoke test plays.
    report, paths = _play_and_capture(bundle, xvfb_display, tmp_path, "--aout=dummy --adaptive-logic=lowest")
    assert_demo_played(report)
    shots = [analyse(path) for path in paths]
    assert sum(shot.shows_bars for shot in shots) >= 2, (
        f"{len(shots)} screenshots, most bar columns: "
        + str(max((s.tall_columns for s in shots), key=lambda d: sum(d.values()), default={})))
    assert shows_moving_video(shots), "the bars never moved: a still poster, not the video"


def test_control_with_video_disabled_shows_no_moving_video(bundle: Path, xvfb_display: str, tmp_path: Path):
    """`--no-video` (not `--vout=dummy`, which libVLC resets when the app hands it an X
    window) plays the same recording without a picture: no moving bars may show."""
    report, paths = _play_and_capture(bundle, xvfb_display, tmp_path,
                                      "--no-video --aout=dummy --adaptive-logic=lowest")
    assert_demo_played(report)
    assert paths
    assert not shows_moving_video([analyse(path) for path in paths])
