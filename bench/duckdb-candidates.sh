#!/usr/bin/env bash
# CPU (user+sys) and peak RSS of `detect` on one simulation, base checkout vs this one, alternating,
# ROUNDS each, for each engine in ENGINES (default "duckdb"; "memory duckdb" adds the in-memory engine)
# (h-duck, bench/RESULTS.md). Outputs of every run are compared with the first run's.
# Usage: [ENGINES="memory duckdb"] bench/duckdb-candidates.sh BASE_CHECKOUT SIM_DIR ROUNDS [duckdb args…]
set -euo pipefail
base=$1; sim=$2; rounds=$3; shift 3
new=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/duck-bench-XXXX)
for r in $(seq "$rounds"); do
  for who in base new; do
    dir=$base; [ "$who" = new ] && dir=$new
    for engine in ${ENGINES:-duckdb}; do
      extra=(); [ "$engine" = duckdb ] && extra=("$@")
      /usr/bin/time -f "$who $engine round $r: wall %e s user %U s sys %S s peak %M KB" \
        node "$dir/bin/lockstep.js" detect "$sim/posts.csv.gz" --out "$out/$who-$engine" --progress none \
        --engine "$engine" "${extra[@]}" >/dev/null 2>>"$out/times.txt"
      tail -1 "$out/times.txt"
      ref=$(ls -d "$out"/ref 2>/dev/null || true)
      if [ -z "$ref" ]; then cp -r "$out/$who-$engine" "$out/ref"; continue; fi
      for f in edges.csv accounts.csv graph.gexf; do cmp "$out/ref/$f" "$out/$who-$engine/$f"; done
      diff <(grep -v '"generated' "$out/ref/networks.json") <(grep -v '"generated' "$out/$who-$engine/networks.json")
    done
  done
done

