#!/usr/bin/env bash
# Screenshots of the public pages at a phone's width, for the README.
# Needs Debian's Chromium (apt-get install -y chromium) and the portal running on $BASE.
set -euo pipefail
BASE="${BASE:-http://localhost:3000}"
OUT="${OUT:-docs/screenshots}"
mkdir -p "$OUT"
shoot() { # name path height
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$(mktemp -d)" \
    --window-size="390,$3" --screenshot="$OUT/$1.png" "$BASE$2" 2>/dev/null
}
shoot home-hi '/?lang=hi' 1500
shoot donor-form-en '/donors/new?lang=en&state=UP' 3600
shoot request-form-hi '/requests/new?lang=hi&state=UP' 4200
shoot track-en '/requests/track?lang=en' 1100
shoot eligibility-hi '/eligibility?lang=hi' 1700
echo "screenshots written to $OUT"
