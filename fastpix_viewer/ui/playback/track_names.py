"""Names for the player's audio and subtitle menus, as the Tracks tab names them.

libVLC names a track from what the stream says: "English - [English]" when the HLS
rendition has a NAME and a LANGUAGE, and "Track 2" (its internal ES number) when it says
nothing, so a recording with one unnamed audio track showed "Track 2". The media's API
`tracks` know better ("English (en)"); they are matched to libVLC's tracks by language
first and by position when both list the same number. Without either, tracks are numbered
per kind ("Audio", or "Audio 1", "Audio 2"), like the Tracks tab's unnamed rows.

libVLC 3.0.24 names an HLS rendition "<GROUP-ID> <NAME> - [<language in English>]", e.g.
"audio Español - [Spanish]" for LANGUAGE="es",NAME="Español", and lists the renditions in
its own order (not the manifest's or the API's; it renumbers them after a switch). So a
name matches when it ends with the API track's name, and the positional guess only pairs
the tracks left over once every name has found its track: a single pass once gave the
first-listed "audio Español" the API's first track (English) by position, the menu showed
the two languages swapped, and picking "English" switched to Español (issue 16 item 5).

Qt-free: pure rules, unit-testable, used by the panel on the main thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_GENERIC = re.compile(r"^track\s*\d+$", re.IGNORECASE)  # libVLC's "Track 2"
_LANGUAGE_SUFFIX = re.compile(r"^(.*?)\s+-\s+\[([^\]]+)\]$")  # "English CC - [English]"
_KIND_WORD = {"audio": "Audio", "subtitle": "Subtitles"}
_UNDEFINED = ("", "und", "undefined", "unknown")


@dataclass(frozen=True)
class TrackLabel:
    id: int  # libVLC's track id
    label: str  # what the menu shows
    language: str  # what is remembered of a choice: a code ("en") if known, else libVLC's name
    aliases: tuple[str, ...] = ()  # other names of the same language a remembered choice matches

    def speaks(self, language: str) -> bool:
        wanted = language.casefold()
        return bool(wanted) and wanted in (self.language.casefold(), *(a.casefold() for a in self.aliases))


def language_label(name: str | None, code: str | None) -> str:
    """"English (en)": the language name and code, as the Tracks tab's Language column."""
    name = (name or "").strip()
    code = (code or "").strip()
    if code.casefold() in _UNDEFINED:
        code = ""
    if code and name and name.casefold() != code.casefold():
        return f"{name} ({code})"
    return name or code


def split_vlc_name(name: str) -> tuple[str, str]:
    """("English CC", "English") from "English CC - [English]"; ("Track 2", "") from "Track 2"."""
    match = _LANGUAGE_SUFFIX.match(name.strip())
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return name.strip(), ""


def _api_tracks(tracks: Iterable[Any], kind: str) -> list[Any]:
    wanted = ("subtitle", "text") if kind == "subtitle" else (kind,)
    return [t for t in tracks if str(getattr(t, "type", "")).casefold() in wanted]


def _speaks(track: Any, language: str) -> bool:
    language = language.casefold()
    return bool(language) and language in (
        str(getattr(track, "language_code", "") or "").casefold(),
        str(getattr(track, "language_name", "") or "").casefold(),
        str(getattr(track, "title", "") or "").casefold(),
    )


def _named(track: Any, base: str) -> bool:
    """libVLC's `base` is the track's name or title, maybe after the HLS GROUP-ID
    ("audio Español")."""
    base = base.casefold()
    for attr in ("language_name", "title"):
        name = str(getattr(track, attr, "") or "").strip().casefold()
        if name and name not in ("default", *_UNDEFINED) and (base == name or base.endswith(" " + name)):
            return True
    return False


def _match_tracks(vlc_tracks: Sequence[tuple[int, str]], known: list[Any]) -> dict[int, int]:
    """{position in vlc_tracks: index in known}: by language or name first, for every track;
    then, when both list the same number, the leftovers pair up in order."""
    matched: dict[int, int] = {}
    for position, (_track_id, name) in enumerate(vlc_tracks):
        base, language = split_vlc_name(name)
        generic = bool(_GENERIC.match(base))
        match = next((i for i, t in enumerate(known) if i not in matched.values()
                      and (_speaks(t, language) or (not generic and (_speaks(t, base) or _named(t, base))))),
                     None)
        if match is not None:
            matched[position] = match
    if len(known) == len(vlc_tracks):
        spare = iter(i for i in range(len(known)) if i not in matched.values())
        for position in range(len(vlc_tracks)):
            if position not in matched:
                matched[position] = next(spare)
    return matched


def _api_label(track: Any) -> str:
    """"English (en)"; "" for FastPix's unnamed default track ("und", "default"), which is
    then numbered like any unnamed track."""
    name = str(getattr(track, "language_name", "") or "")
    if name.strip().casefold() in ("default", *_UNDEFINED):
        name = ""
    language = language_label(name, getattr(track, "language_code", None))
    title = str(getattr(track, "title", "") or "").strip()
    if title and title.casefold() not in (language.casefold(), name.casefold()):
        return f"{title} · {language}" if language else title
    return language or title


def label_tracks(vlc_tracks: Sequence[tuple[int, str]], api_tracks: Iterable[Any], kind: str) -> list[TrackLabel]:
    """Menu labels for libVLC's `vlc_tracks` ([(id, name)] without "Disable") of `kind`
    ("audio" or "subtitle"), helped by the media's API `tracks` (records.Track objects).
    Tracks the API knows come in its order (the Tracks tab's), so the menu does not reorder
    itself when libVLC re-lists its renditions after a switch; the others follow."""
    known = _api_tracks(api_tracks, kind)
    matched = _match_tracks(vlc_tracks, known)
    labels: list[TrackLabel] = []
    for position, (track_id, name) in enumerate(vlc_tracks):
        base, language = split_vlc_name(name)
        generic = bool(_GENERIC.match(base))
        match = matched.get(position)
        if match is not None:
            track = known[match]
            label = _api_label(track)
            code = str(getattr(track, "language_code", "") or "")
            remembered = code if code.casefold() not in _UNDEFINED else language
            aliases = tuple(a for a in (str(track.language_name or ""), language) if a)
            if label:
                labels.append(TrackLabel(track_id, label, remembered, aliases))
                continue
        if generic or not base:
            word = _KIND_WORD.get(kind, kind.capitalize())
            label = language or (word if len(vlc_tracks) == 1 else f"{word} {position + 1}")
        elif language and language.casefold() not in base.casefold():
            label = f"{base} ({language})"
        else:
            label = base
        labels.append(TrackLabel(track_id, label, language))
    order = {position: matched.get(position, len(known) + position) for position in range(len(labels))}
    return [label for _position, label in sorted(enumerate(labels), key=lambda pair: order[pair[0]])]


def preferred_track(labels: Sequence[TrackLabel], language: str) -> TrackLabel | None:
    """The first track in `language` (a remembered choice), or None."""
    return next((t for t in labels if t.speaks(language)), None)


__all__ = ["TrackLabel", "label_tracks", "language_label", "preferred_track", "split_vlc_name"]
