#!/usr/bin/env bash
# Vendors the front-end packages named in package.json into static/vendor/ and records
# their versions in static/vendor/VERSIONS.txt. The result is committed: running the site
# needs neither npm nor a CDN. Run it again after changing a version in package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json "$work/"
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --silent)

dest=static/vendor
rm -rf "$dest/bootstrap"
mkdir -p "$dest/bootstrap"
cp "$work/node_modules/bootstrap/dist/css/bootstrap.min.css" "$dest/bootstrap/"
cp "$work/node_modules/bootstrap/dist/css/bootstrap.min.css.map" "$dest/bootstrap/"
cp "$work/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js" "$dest/bootstrap/"
cp "$work/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$dest/bootstrap/"
cp "$work/node_modules/bootstrap/LICENSE" "$dest/bootstrap/LICENSE"

# The QR decoder of the reception desk, for browsers without BarcodeDetector.
rm -rf "$dest/jsqr"
mkdir -p "$dest/jsqr"
cp "$work/node_modules/jsqr/dist/jsQR.js" "$dest/jsqr/"
cp "$work/node_modules/jsqr/LICENSE" "$dest/jsqr/LICENSE"

{
  echo "# Written by scripts/vendor-assets.sh on $(date -u +%Y-%m-%d). Do not edit by hand."
  for pkg in bootstrap jsqr; do
    version=$(node -p "require('$work/node_modules/$pkg/package.json').version")
    echo "$pkg $version"
  done
} > "$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
