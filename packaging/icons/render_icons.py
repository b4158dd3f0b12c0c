"""Render resources/icons/fastpix-viewer.svg to the PNG sizes desktops ask for, plus a .ico.

Run after editing the SVG: `.venv/bin/python packaging/icons/render_icons.py`.
Qt's SVG renderer is used because ImageMagick here has no SVG delegate; ImageMagick's
`convert` then packs the Windows .ico from the PNGs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "fastpix-viewer.svg"))
    if not renderer.isValid():
        print("cannot read the SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"fastpix-viewer-{size}.png"))
    del app
    subprocess.run(
        ["convert", *(str(ICONS / f"fastpix-viewer-{s}.png") for s in ICO_SIZES),
         str(ICONS / "fastpix-viewer.ico")],
        check=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
