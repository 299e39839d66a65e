#!/usr/bin/env bash
# Regenerates the miss plots of docs/SIGNALS.md (docs/images/miss-*.png) from the real files in ../shared:
# runs SignalMissPlotsTest (datasets module, test scope; it skips without ../shared) and copies its PNGs.
# Usage: scripts/signal-miss-plots.sh   (set MAVEN_OPTS=-Dmaven.repo.local=... as for any mvn call)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -pl datasets -am test -Dtest=SignalMissPlotsTest -Dsurefire.failIfNoSpecifiedTests=false
shopt -s nullglob
# the MUSE plots stay in datasets/target/signal-plots: they render GPL-3.0 fixtures the project does not ship
plots=()
for f in datasets/target/signal-plots/miss-*.png; do
  case "$(basename "$f")" in miss-muse*) ;; *) plots+=("$f") ;; esac
done
if [ ${#plots[@]} -eq 0 ]; then
  echo "no plots written (is ../shared/data/real present?)" >&2
  exit 1
fi
mkdir -p docs/images
cp "${plots[@]}" docs/images/
echo "copied ${#plots[@]} plots to docs/images"
