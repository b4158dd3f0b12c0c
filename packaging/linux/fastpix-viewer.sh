#!/bin/sh
# /usr/bin/fastpix-viewer from the .deb: starts the self-contained app in
# /opt/fastpix-viewer. The path is taken relative to this script, so the same
# package also runs when unpacked under another root (the packaging tests do that).
set -eu
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/fastpix-viewer/fastpix-viewer" "$@"
