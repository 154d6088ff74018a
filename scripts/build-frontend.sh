#!/usr/bin/env bash
# Build the UI's front-end assets: install the pinned npm packages when node_modules is
# missing or older than the lock, then copy htmx into the static files.
# Without npm the app still starts; its pages then work as plain forms without live updates.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "build-frontend: npm not found; the UI will run without htmx (no live updates)" >&2
  exit 0
fi

stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] \
  || [ package.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
