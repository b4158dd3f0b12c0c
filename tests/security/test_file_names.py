"""File names built from API text (media titles, and the media ID as a fallback) are single,
portable path components: no separators, no traversal, no control or bidi characters, not a
Windows device name, within the 255-byte limit of common file systems. One rule
(`api.file_names`) names the app's downloads (`safe_stem`) and the CLI's (`safe_filename`)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from fastpix_viewer.api.file_names import safe_filename, safe_stem

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
HOSTILE_TITLES = ["../../etc/passwd", "..", ".", "CON", "nul.txt", "a/b\\c", "\u202egpj.exe", "x" * 5000,
                  "\U0001f600" * 200, "a\x00b", "  . ", "<script>alert(1)</script>", "C:\\Windows\\x",
                  "com1", "lpt9.mp4", "\n\r\t", "/", "\\\\server\\share"]
titles = st.text(max_size=400) | st.sampled_from(HOSTILE_TITLES)


def assert_portable_name(name: str) -> None:
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not any(c in name for c in '<>:"|?*')
    assert not any(unicodedata.category(c).startswith("C") for c in name), repr(name)
    assert len(name.encode("utf-8")) <= 255
    assert name.split(".")[0].strip().upper() not in RESERVED
    assert Path(name).name == name  # one component, nothing to climb out with


@given(titles, titles)
@example("", "../../../etc/evil")
@example("CON", "x")
def test_app_download_names_are_portable(title: str, fallback: str) -> None:
    stem = safe_stem(title, fallback)
    assert_portable_name(stem)
    assert_portable_name(f"{stem} (99).mp4.part")


@given(titles, titles)
@example("", "../../../etc/evil")
@example("CON", "x")
@example("\U0001f600" * 100, "x")
def test_cli_download_names_are_portable(title: str, fallback: str) -> None:
    name = safe_filename(title, fallback, "mp4")
    assert name.endswith(".mp4")
    assert_portable_name(name)
    assert_portable_name(name + ".part")


@given(titles, titles)
def test_the_app_and_the_cli_name_a_download_alike(title: str, fallback: str) -> None:
    assert safe_filename(title, fallback, "mp4") == f"{safe_stem(title, fallback)}.mp4"
