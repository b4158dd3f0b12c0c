"""Why a download cannot start, said instead of doing nothing (issue 16 item 15).

Download MP4 (Ctrl+D) and Download audio stay enabled for every media: a greyed-out entry
and a shortcut that does nothing leave the user guessing. `why_no_file` is the Qt-free rule
(one sentence naming the media and the reason); `explain_no_file` shows it in a plain-text
box. When MP4 files were never turned on for the media, the box can offer a button that
turns them on and downloads: the `offer` callable, which the clips feature (issue 17)
provides through `DownloadActions.enable_mp4`; without it the box only explains.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.items import item_title

AUDIO_KIND = "audio"  # downloads.manager.AUDIO (not imported: the manager imports this module)

# The reasons a caller may act on (e.g. offer to turn MP4 files on).
NOTHING, NOT_MEDIA, FAILED, PROCESSING, NOT_ENABLED, PREPARING, RENDITION_FAILED = (
    "nothing", "not-media", "failed", "processing", "not-enabled", "preparing", "rendition-failed")


def _file_word(kind: str) -> str:
    return "audio (M4A) file" if kind == AUDIO_KIND else "MP4 file"


def no_file_reason(item: Any, kind: str) -> tuple[str, str]:
    """(reason code, sentence) for an item whose `kind` file cannot be downloaded now."""
    word = _file_word(kind)
    if isinstance(item, LiveStream):
        return NOT_MEDIA, (f"“{item_title(item)}” is a live stream: it has no file of its own. "
                           "Select one of its recordings to download it.")
    if not isinstance(item, Media):
        return NOTHING, "Select a media or a recording first, then download it."
    name = f"“{item_title(item)}”"
    if item.is_failed:
        return FAILED, f"{name} failed in FastPix (status “{item.status}”): there is no file to download."
    if item.still_processing:
        return PROCESSING, (f"{name} is not ready yet (status “{item.status}”). Its {word} can be "
                            "downloaded once FastPix has finished processing it.")
    matching = [r for r in item.mp4_renditions if r.is_audio == (kind == AUDIO_KIND)]
    if not matching:
        what = "audio-only (M4A)" if kind == AUDIO_KIND else "MP4"
        return NOT_ENABLED, (f"FastPix keeps no {word} of {name}: {what} downloads were not turned "
                             "on for this media (its MP4 support is off). You can still play it or "
                             "copy its playback URL.")
    if any((r.status or "") == "failed" for r in matching):
        return RENDITION_FAILED, f"FastPix could not make the {word} of {name} (it reports “failed”)."
    status = next((r.status for r in matching if r.status), "not ready")
    return PREPARING, (f"FastPix is still preparing the {word} of {name} (status “{status}”). "
                       "Try again in a few minutes.")


def why_no_file(item: Any, kind: str) -> str:
    """The sentence of `no_file_reason`."""
    return no_file_reason(item, kind)[1]


def explain_no_file(parent: QWidget, item: Any, kind: str,
                    offer: Callable[[Media], None] | None = None) -> QMessageBox:
    """A non-blocking box saying why `item` has no `kind` file to download; with `offer`
    and MP4 support off, an "Enable MP4 and download" button that calls `offer(item)`."""
    reason, text = no_file_reason(item, kind)
    box = QMessageBox(QMessageBox.Icon.Information, "Nothing to download", "",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("noDownloadDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the name is API text
    box.setText(text)
    enable = None
    if offer is not None and reason == NOT_ENABLED and isinstance(item, Media):
        enable = box.addButton("Enable MP4 and download", QMessageBox.ButtonRole.AcceptRole)
        enable.setObjectName("enableMp4Button")
    ok = box.addButton(QMessageBox.StandardButton.Ok if enable is None else QMessageBox.StandardButton.Close)
    ok.setObjectName("noDownloadOkButton")
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if enable is not None and offer is not None:
        media = item
        box.buttonClicked.connect(lambda button: offer(media) if button is enable else None)
    box.open()
    return box


__all__ = ["NOT_ENABLED", "explain_no_file", "no_file_reason", "why_no_file"]
