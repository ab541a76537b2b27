#!/usr/bin/env bash
# A newcomer's first minutes, timed: a fresh clone of this checkout's commit, the README's first command
# (make build), the page it wrote opened in headless Chromium until drawn, and the README's first query
# answered. Prints the seconds of each step; fails past LIMIT seconds in all (default 180).
#
#     tools/first_run.sh [LIMIT]
#
# The packages come from wherever pip is set up to take them (and its cache), as for anyone on this machine.
set -euo pipefail
limit=${1:-180}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "first_run: needs Chromium to open the page (apt-get install chromium)" >&2; exit 2; }

start=$EPOCHREALTIME
since() { awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
lap() { printf '%-44s %6s s\n' "$1" "$(since)"; }

git clone -q "$repo" "$work/govkg"
git -C "$work/govkg" checkout -q "$(git -C "$repo" rev-parse HEAD)"
cd "$work/govkg"
lap "cloned"
make build >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
lap "make build (set up .venv, built the seeds)"
echo ".venv: $(du -sm .venv | cut -f1) MB"
# the page draws itself once opened, and marks when: <body data-drawn-ms=…>
"$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 --dump-dom \
    "file://$PWD/out/cooccurrence.html" 2>/dev/null | grep -q 'data-drawn-ms="' \
    || { echo "first_run: out/cooccurrence.html was not drawn" >&2; exit 1; }
lap "out/cooccurrence.html open and drawn"
query=$(grep -m1 "^\.venv/bin/kg query '" README.md)
eval "$query" >"$work/answer.txt"
grep -q "吕沛" "$work/answer.txt" || { echo "first_run: the first query gave no answer" >&2; cat "$work/answer.txt" >&2; exit 1; }
lap "the README's first query answered"
total=$(since)
if awk -v t="$total" -v l="$limit" 'BEGIN { exit !(t > l) }'; then
    echo "first_run: $total s, over the $limit s allowed" >&2
    exit 1
fi
