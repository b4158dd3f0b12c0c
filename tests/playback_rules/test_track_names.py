"""The audio and subtitle menus' names (issue 16 item 5): libVLC's names matched to the
media's API tracks by language, then by position; unnamed tracks numbered per kind."""

from __future__ import annotations

from fastpix_viewer.api.records import Track
from fastpix_viewer.ui.playback.track_names import (
    TrackLabel,
    label_tracks,
    language_label,
    preferred_track,
)


def _track(kind: str, code: str | None, name: str | None, title: str | None = None) -> Track:
    return Track(id=None, type=kind, status="ready", language_code=code, language_name=name, title=title)


ENGLISH, SPANISH = _track("audio", "en", "English"), _track("audio", "es", "Español")


def test_language_label_is_the_tracks_tabs():
    assert language_label("English", "en") == "English (en)"
    assert language_label("en", "en") == "en"
    assert language_label("default", "und") == "default"
    assert language_label(None, "fr") == "fr"


def test_vlc_names_matched_by_language_and_position():
    labels = label_tracks([(1, "Español - [Spanish]"), (2, "English - [English]")], [ENGLISH, SPANISH], "audio")
    assert [(t.id, t.label, t.language) for t in labels] == [(2, "English (en)", "en"), (1, "Español (es)", "es")]
    by_position = label_tracks([(3, "Track 1"), (4, "Track 2")], [ENGLISH, SPANISH], "audio")
    assert [t.label for t in by_position] == ["English (en)", "Español (es)"]


def test_libvlcs_hls_names_match_the_api_tracks_in_any_order():
    """libVLC 3.0.24 names HLS renditions "<GROUP-ID> <NAME> - [<language in English>]" and
    lists them in its own order: "audio Español - [Spanish]" first must still be Español,
    not the API's first track by position (the menu once showed the languages swapped)."""
    for vlc in ([(0, "audio Español - [Spanish]"), (4, "audio English - [English]")],
                [(4, "audio English - [English]"), (6, "audio Español - [Spanish]")]):
        labels = [(t.id, t.label, t.language) for t in label_tracks(vlc, [ENGLISH, SPANISH], "audio")]
        ids = {("Espa" in n): i for i, n in vlc}
        assert labels == [(ids[False], "English (en)", "en"), (ids[True], "Español (es)", "es")]  # API order
    # A name libVLC knows in no language still finds its track; the rest pair up in order.
    labels = label_tracks([(2, "Track 2"), (1, "aud Español")], [ENGLISH, SPANISH], "audio")
    assert [(t.id, t.label) for t in labels] == [(2, "English (en)"), (1, "Español (es)")]


def test_the_only_unnamed_track_is_never_track_2():
    assert [t.label for t in label_tracks([(2, "Track 2")], [_track("audio", "und", "default")], "audio")] == ["Audio"]
    assert [t.label for t in label_tracks([(2, "Track 2")], [], "audio")] == ["Audio"]
    assert [t.label for t in label_tracks([(1, "Track 1"), (2, "Track 2")], [], "subtitle")] == [
        "Subtitles 1", "Subtitles 2"]
    assert [t.label for t in label_tracks([(5, "Track 5 - [German]")], [], "audio")] == ["German"]


def test_titles_and_names_without_api_tracks():
    sdh = _track("subtitle", "en", "English", title="English SDH")
    assert [t.label for t in label_tracks([(7, "English SDH - [English]")], [sdh], "subtitle")] == [
        "English SDH · English (en)"]
    assert [t.label for t in label_tracks([(1, "Commentary - [French]")], [], "audio")] == ["Commentary (French)"]


def test_a_remembered_language_matches_code_or_names():
    labels = label_tracks([(1, "English - [English]"), (2, "Español - [Spanish]")], [ENGLISH, SPANISH], "audio")
    assert preferred_track(labels, "es") == labels[1]
    assert preferred_track(labels, "Spanish") == labels[1]  # what libVLC called it
    assert preferred_track(labels, "ESPAÑOL") == labels[1]
    assert preferred_track(labels, "de") is None
    assert preferred_track([TrackLabel(3, "German", "German")], "german").id == 3
