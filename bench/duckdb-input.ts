/**
 * `--engine duckdb` reading the input itself (src/detect/sql/duckdb-input.ts) on one input: DuckDB reads
 * the files, builds every behaviour's actions and counts them; Node holds distinct cell values a chunk
 * at a time, the account names and the returned pairs. Prints one line per stage (seconds since start,
 * process CPU and RSS — DuckDB runs in this process, so both include its threads and buffers — and V8
 * heap), then per behaviour the diagnostics `lockstep detect` writes to run.json (actions, eligible,
 * collapsed, crowded, active accounts, co-actions, pairs), to compare with an in-memory run on the
 * same file.
 * Usage: node --import tsx bench/duckdb-input.ts FILE…   (wrap in /usr/bin/time -f "%e %U %S %M")
 * Env: MEMORY (DuckDB memory_limit, e.g. 6GB; default DuckDB's), THREADS, TEMP (spill folder), SLICES
 * (the pairs statement's slices, `--duckdb-slices`; default chosen from the co-actions and MEMORY),
 * BEHAVIOURS (default every behaviour DuckDB builds), WINDOW=1800, MAX_CROWD=200, MIN_PAIR=2 (detect's
 * defaults: minParticipation 2).
 */
import type { Behaviour } from '../src/core/behaviour.js';
import { sqlLayoutOf } from '../src/ingest/sql-layouts.js';
import { DuckDbCounter } from '../src/detect/sql/duckdb-engine.js';
import { countFromInput } from '../src/detect/sql/duckdb-input.js';
import { INPUT_BEHAVIOURS } from '../src/detect/sql/duckdb-input-read.js';
import { load, log } from './stage-log.js';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: bench/duckdb-input.ts FILE…');
const env = (name: string): string | undefined => process.env[name];
log(`load ${load()}`);
const counter = await DuckDbCounter.open({
  memoryLimit: env('MEMORY'),
  threads: env('THREADS') === undefined ? undefined : Number(env('THREADS')),
  tempDirectory: env('TEMP'),
  pairSlices: env('SLICES') === undefined ? undefined : Number(env('SLICES')),
  onStage: log,
});
try {
  const got = await countFromInput(counter, files, {
    behaviours: (env('BEHAVIOURS')?.split(',') as Behaviour[] | undefined) ?? INPUT_BEHAVIOURS,
    window: Number(env('WINDOW') ?? 1800),
    maxCrowd: Number(env('MAX_CROWD') ?? 200),
    minPairCoActions: Number(env('MIN_PAIR') ?? 2),
    layoutOf: sqlLayoutOf,
  });
  log(`done: ${got.posts} posts (${got.skipped} skipped), ${got.accounts.length} accounts`);
  const rows = got.passes.map((p) => ({
    behaviour: p.behaviour,
    actions: p.actions,
    eligibleActions: p.totals.eligible,
    collapsedActions: p.totals.collapsed,
    crowdedActions: p.totals.crowded,
    activeAccounts: p.totals.active,
    coActions: p.totals.coActions,
    coActingPairs: p.pairs.size,
  }));
  console.log(
    JSON.stringify({ files, posts: got.posts, accounts: got.accounts.length, behaviours: rows }, null, 1),
  );
  log(`load ${load()}`);
} finally {
  await counter.close();
}
