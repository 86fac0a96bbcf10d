/**
 * Per-statement wall and process CPU (DuckDB's threads included) of DuckDB's reading
 * (`--engine duckdb --duckdb-read on`, sql/duckdb-input-columns.ts `preparedFromInput`): every
 * `run`/`runAndReadAll`/`stream` of the connection class is stamped, and a statement's cost is the time
 * until the next one starts (statements run one after another; a stream's cost includes Node reading
 * it). Prints the statements over 0.5 s wall, largest first, then the reading's total (bench/RESULTS.md,
 * h-duckint).
 *
 *   node --import tsx bench/duckdb-read-statements.ts FILE [--threads N] [--memory 2GB]
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { BEHAVIOURS } from '../src/core/behaviour.js';
import { sqlLayoutOf } from '../src/ingest/sql-layouts.js';
import { preparedFromInput } from '../src/detect/sql/duckdb-input-columns.js';
import { DuckDbCounter } from '../src/detect/sql/duckdb-engine.js';

const args = process.argv.slice(2);
const file = args[0];
if (file === undefined)
  throw new Error('usage: bench/duckdb-read-statements.ts FILE [--threads N] [--memory 2GB]');
const opt = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

interface Stamp {
  sql: string;
  wall: number;
  cpu: number;
}
const stamps: Stamp[] = [];
const now = (): Stamp => {
  const c = process.cpuUsage();
  return { sql: '', wall: performance.now(), cpu: (c.user + c.system) / 1000 };
};
const proto = DuckDBConnection.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
for (const m of ['run', 'runAndReadAll', 'stream']) {
  const original = proto[m]!;
  proto[m] = function (this: unknown, ...a: unknown[]) {
    stamps.push({ ...now(), sql: String(a[0]).replace(/\s+/g, ' ').slice(0, 110) });
    return original.apply(this, a);
  };
}

const counter = await DuckDbCounter.open({
  threads: Number(opt('--threads') ?? 2),
  memoryLimit: opt('--memory'),
});
const start = now();
stamps.length = 0;
const got = await preparedFromInput(counter, [file], {
  behaviours: BEHAVIOURS.filter((b) => b !== 'co-similar'),
  layoutOf: sqlLayoutOf,
});
const end = now();
const rows = stamps.map((s, i) => {
  const next = stamps[i + 1] ?? end;
  return { wallS: (next.wall - s.wall) / 1000, cpuS: (next.cpu - s.cpu) / 1000, sql: s.sql };
});
for (const r of rows.filter((x) => x.wallS >= 0.5).sort((a, b) => b.wallS - a.wallS))
  console.log(`${r.wallS.toFixed(1).padStart(6)} s wall ${r.cpuS.toFixed(1).padStart(6)} s CPU  ${r.sql}`);
console.log(
  `reading: ${((end.wall - start.wall) / 1000).toFixed(1)} s wall, ${((end.cpu - start.cpu) / 1000).toFixed(1)} s CPU`,
);
await (got as { shown?: { close(): Promise<void> } }).shown?.close();
await counter.close();
