#!/usr/bin/env bash
# Regenerates icons/icon-{16,32,48,128}.png from icons/icon.svg (needs ImageMagick with an SVG delegate: apt-get install -y imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
for s in 16 32 48 128; do
  convert -background none -density 384 icons/icon.svg -resize "${s}x${s}" "icons/icon-${s}.png"
done
