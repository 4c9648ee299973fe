#!/bin/sh
# Renders the PNG icons in static/icons from scripts/icon.html with headless Chromium.
# Needs a CJK font (Debian: apt-get install fonts-noto-cjk). Run from anywhere: sh app/scripts/make-icons.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../static/icons"
chromium=${CHROMIUM:-/usr/bin/chromium}
mkdir -p "$out"

render() { # size glyph-share file
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --disable-background-networking --disable-component-update --no-first-run \
    --window-size="$1,$1" --screenshot="$out/$3" "file://$here/icon.html?glyph=$2" 2>/dev/null
}

render 512 0.62 icon-512.png
render 192 0.62 icon-192.png
render 180 0.58 apple-touch-icon-180.png
# Maskable: launchers crop to as little as the central circle of 80% diameter.
render 512 0.46 icon-maskable-512.png
