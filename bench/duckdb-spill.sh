#!/usr/bin/env bash
# bench/duckdb-input.ts on one input with DuckDB spilling to a fresh folder: CPU (user+sys), wall and
# peak RSS from /usr/bin/time, and the spill folder's peak size from `du` every 15 s (DuckDB's temp
# files come and go within a statement, so the peak is sampled, not exact) (h-duck, bench/RESULTS.md).
# The stage lines (stderr) carry process CPU and RSS at each stage, per slice of the pairs statement.
# Usage: [MEMORY=2GB BEHAVIOURS=… SLICES=… THREADS=…] bench/duckdb-spill.sh CHECKOUT INPUT LOG_PREFIX
# CHECKOUT: the tree whose bench/duckdb-input.ts runs (this one, or a base worktree); writes
# LOG_PREFIX.out (diagnostics), LOG_PREFIX.err (stage lines + the time line) and LOG_PREFIX.du.
set -euo pipefail
checkout=$1; input=$2; log=$3
spill=$(mktemp -d /tmp/duck-spill-XXXX)
( while :; do du -sb "$spill" 2>/dev/null | cut -f1; sleep 15; done ) >"$log.du" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null; rm -rf "$spill"' EXIT
(cd "$checkout" && TEMP="$spill" /usr/bin/time -f "time: wall %e s user %U s sys %S s peak %M KB" \
  node --import tsx bench/duckdb-input.ts "$input" >"$log.out" 2>"$log.err")
du -sb "$spill" | cut -f1 >>"$log.du"
echo "$(tail -1 "$log.err"); spill peak $(sort -n "$log.du" | tail -1) B"
