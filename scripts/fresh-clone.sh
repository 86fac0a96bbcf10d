#!/usr/bin/env bash
# First contact, as an outside user meets the project: clones the committed HEAD into an empty temp
# folder (no shared/ beside it, none of the LOCKSTEP_* variables, no browser, no dnstwist, no
# PostgreSQL URL) and runs the README's two commands there. Fails when either fails, when `npm ci`
# warns EBADENGINE, or when a test that needs an optional extra runs instead of skipping with a
# message. .ci/run calls it after the main suite; run it by hand with `bash scripts/fresh-clone.sh`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
base="$(mktemp -d "${TMPDIR:-/tmp}/lockstep-fresh.XXXXXX")"
trap 'rm -rf "$base"' EXIT
clone="$base/lockstep"
git clone --quiet --no-hardlinks "$repo" "$clone"
# src/test-helpers/shared-dir.ts looks for ../shared beside the repository: nothing may be there.
test ! -e "$base/shared"

# What the extras' tests look for, pointed at nothing: the same as a machine without them.
fresh_env=(
  # env takes its -u options before any NAME=VALUE (after one, the next word is the command).
  # An outside user has no ClickHouse cluster and is not CI (where its tests must run, not skip).
  env -u LOCKSTEP_SHARED_DIR -u LOCKSTEP_COORTWEET_DIR -u LOCKSTEP_STIX_SCHEMAS -u LOCKSTEP_TEST_PG_URL
  -u DATABASE_URL -u CI LOCKSTEP_CHROMIUM="$base/no-chromium" LOCKSTEP_DNSTWIST="$base/no-dnstwist"
  LOCKSTEP_TEST_CLICKHOUSE=http://127.0.0.1:9
)
cd "$clone"
echo "== fresh clone $(git rev-parse --short HEAD) in $clone: npm ci && npm run demo"
"${fresh_env[@]}" npm ci --no-audit --no-fund 2>&1 | tee "$base/npm-ci.log"
if grep -q EBADENGINE "$base/npm-ci.log"; then
  echo "fresh clone: npm ci warned EBADENGINE (package.json engines is not true)" >&2
  exit 1
fi
"${fresh_env[@]}" npm run demo | tee "$base/demo.log"
grep -q 'precision' "$base/demo.log"

echo "== fresh clone: npm test"
"${fresh_env[@]}" npm test 2>&1 | tee "$base/test.log" >/dev/null || {
  grep -E '^✖|not ok|# (tests|pass|fail)|^ℹ (tests|pass|fail)' "$base/test.log" | head -60 >&2
  echo "fresh clone: npm test failed (log above)" >&2
  exit 1
}
grep -E '^ℹ (tests|pass|fail|skipped)' "$base/test.log"
# Each extra must have announced its skip, naming what is missing.
for skip in 'SKIP report.html in Chromium' 'SKIP dnstwist parity' 'LOCKSTEP_TEST_PG_URL is unset' \
  "shared/ folder beside the repository" 'SKIP no ClickHouse answers'; do
  if ! grep -q "$skip" "$base/test.log"; then
    echo "fresh clone: expected a skip message containing \"$skip\"" >&2
    exit 1
  fi
done
echo "fresh clone: README's commands pass"
