#!/bin/sh
# macOS: sign (when MACOS_CODESIGN_IDENTITY is set), wrap the .app built by
# build.spec in a .dmg, and notarise it (when the Apple credentials are set).
#   packaging/macos/make_dmg.sh VERSION
# Environment (all optional; unsigned ad-hoc build without them):
#   MACOS_CODESIGN_IDENTITY  "Developer ID Application: ..." in the login keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarytool credentials
# Written for CI (.github/workflows/installers.yml); not run on the Linux dev machine.
set -eu
cd "$(dirname "$0")/../.."
version=${1:?usage: make_dmg.sh VERSION}
app="dist/FastPix Viewer.app"
dmg="dist/fastpix-viewer-$version-macos.dmg"
entitlements=packaging/macos/entitlements.plist
identity=${MACOS_CODESIGN_IDENTITY:-}

[ -d "$app" ] || { echo "make_dmg: $app not found; run packaging/build.py first" >&2; exit 1; }

# build.spec wrote libVLC's plugin cache after PyInstaller sealed the bundle, so
# the outer signature is re-made here. Nested code (Python, Qt, libVLC, plugins)
# was signed one by one by PyInstaller and is not touched: re-signing a plugin
# would change it and make plugins.dat stale.
if [ -n "$identity" ]; then
    codesign --force --timestamp --options runtime --entitlements "$entitlements" \
        --sign "$identity" "$app"
else
    codesign --force --sign - "$app"
fi
codesign --verify --strict --verbose=2 "$app"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "FastPix Viewer" -srcfolder "$staging" -ov -format UDZO "$dmg"

if [ -n "$identity" ]; then
    codesign --force --timestamp --sign "$identity" "$dmg"
fi
if [ -n "$identity" ] && [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$dmg"
else
    echo "make_dmg: notarisation skipped (needs MACOS_CODESIGN_IDENTITY, APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD)"
fi
echo "make_dmg: $dmg"
