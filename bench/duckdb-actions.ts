/**
 * The action tables of lockstep mode from one input, two ways: `MODE=duckdb` — DuckDB reads the files
 * and hands back account/object/time typed arrays and the dictionaries (src/detect/sql/
 * duckdb-input-actions.ts); `MODE=memory` — Lockstep's reader and the in-memory actions stage
 * (`collectActions`, src/detect/engine/actions.ts, in this thread, as the tests call it). Prints one
 * line per stage (seconds, process CPU, RSS, V8 heap; DuckDB's threads and buffers are in this
 * process) and, per behaviour, the actions, distinct objects and a checksum of (account, time) so the
 * two modes' outputs can be compared.
 * Usage: MODE=duckdb|memory node --import tsx bench/duckdb-actions.ts FILE…
 *   (wrap in /usr/bin/time -f "%e %U %S %M")
 * Env: MEMORY (DuckDB memory_limit), THREADS, TEMP (spill folder), BEHAVIOURS (default every behaviour
 * DuckDB builds).
 */
import type { Behaviour } from '../src/core/behaviour.js';
import { IngestStats, readAllPosts } from '../src/ingest/index.js';
import { sqlLayoutOf } from '../src/ingest/sql-layouts.js';
import { collectActions } from '../src/detect/engine/actions.js';
import { DuckDbCounter } from '../src/detect/sql/duckdb-engine.js';
import { actionsFromInput } from '../src/detect/sql/duckdb-input-actions.js';
import { INPUT_BEHAVIOURS } from '../src/detect/sql/duckdb-input-read.js';
import { load, log } from './stage-log.js';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: bench/duckdb-actions.ts FILE…');
const env = (name: string): string | undefined => process.env[name];
const mode = env('MODE') ?? 'duckdb';
const behaviours = (env('BEHAVIOURS')?.split(',') as Behaviour[] | undefined) ?? INPUT_BEHAVIOURS;
log(`${mode}: load ${load()}`);

/** A hash of the (account, time) sequence in action order, mod 2^32: equal tables give equal sums. */
function checksum(n: number, account: (i: number) => number, time: (i: number) => number): number {
  let h = 0;
  for (let i = 0; i < n; i++) h = (h * 31 + account(i) * 1_000_003 + time(i)) % 4_294_967_296;
  return h;
}

interface Row {
  behaviour: Behaviour;
  actions: number;
  objects: number;
  checksum: number;
}
let rows: Row[];
let posts: number;
let accounts: number;
if (mode === 'duckdb') {
  const counter = await DuckDbCounter.open({
    memoryLimit: env('MEMORY'),
    threads: env('THREADS') === undefined ? undefined : Number(env('THREADS')),
    tempDirectory: env('TEMP'),
    onStage: log,
  });
  try {
    const got = await actionsFromInput(counter, files, { behaviours, layoutOf: sqlLayoutOf });
    posts = got.posts;
    accounts = got.accounts.length;
    rows = got.tables
      .filter((t) => t.object.length > 0)
      .map((t) => ({
        behaviour: t.behaviour,
        actions: t.object.length,
        objects: t.objects.length,
        checksum: checksum(
          t.object.length,
          (i) => t.account[i]!,
          (i) => t.time[i]!,
        ),
      }));
  } finally {
    await counter.close();
  }
} else {
  const { columns, tables } = await collectActions(
    readAllPosts(files, { format: 'auto' }, new IngestStats()),
    {
      behaviours,
      repostsOnlyRetweet: true,
    },
  );
  posts = columns.count;
  accounts = columns.accounts.size;
  rows = tables
    .filter((t) => t.object.length > 0)
    .map((t) => ({
      behaviour: t.behaviour,
      actions: t.object.length,
      objects: new Set(t.object).size,
      checksum: checksum(
        t.object.length,
        (i) => columns.account[t.post[i]!]!,
        (i) => columns.time[t.post[i]!]!,
      ),
    }));
}
log(`done: ${posts} posts, ${accounts} accounts; load ${load()}`);
console.log(JSON.stringify({ mode, files, posts, accounts, behaviours: rows }, null, 1));
