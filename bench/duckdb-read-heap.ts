/**
 * What Node holds after DuckDB's reading (`--engine duckdb --duckdb-read on`, sql/duckdb-input-columns.ts
 * `preparedFromInput`): V8's heap and the typed arrays' buffers after a full GC, with the prepared
 * columns and tables alive, minus the same before reading — in all and per post (bench/RESULTS.md,
 * h-lazy). Also the reading's wall and process CPU (DuckDB's threads included).
 *
 *   node --expose-gc --import tsx bench/duckdb-read-heap.ts FILE [--threads N] [--memory 2GB]
 */
import { BEHAVIOURS } from '../src/core/behaviour.js';
import { sqlLayoutOf } from '../src/ingest/sql-layouts.js';
import { preparedFromInput } from '../src/detect/sql/duckdb-input-columns.js';
import { DuckDbCounter } from '../src/detect/sql/duckdb-engine.js';

const args = process.argv.slice(2);
const file = args[0];
if (file === undefined) throw new Error('usage: bench/duckdb-read-heap.ts FILE [--threads N] [--memory 2GB]');
const opt = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const held = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const counter = await DuckDbCounter.open({
  threads: Number(opt('--threads') ?? 2),
  memoryLimit: opt('--memory'),
  onStage: (m) => process.stderr.write(`${m}\n`),
});
const before = held();
const c0 = process.cpuUsage();
const t0 = performance.now();
const got = await preparedFromInput(counter, [file], {
  behaviours: BEHAVIOURS.filter((b) => b !== 'co-similar'),
  layoutOf: sqlLayoutOf,
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const bytes = held() - before;
// RSS once the reading's database has a small limit (what duckdb-read.ts sets before counting).
const rssRead = process.memoryUsage().rss;
await counter.conn.run("SET memory_limit = '256MB'");
await new Promise((r) => setTimeout(r, 1000));
const rssLimited = process.memoryUsage().rss;
const posts = got.columns.count;
const actions = got.tables.reduce((n, t) => n + t.object.length, 0);
console.log(
  JSON.stringify({
    file,
    posts,
    actions,
    heldBytes: bytes,
    bytesPerPost: +(bytes / posts).toFixed(1),
    readingWallS: +wall.toFixed(1),
    readingCpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    rssBytes: rssRead,
    rssLimitedBytes: rssLimited,
  }),
);
// The base build's result has no files to remove.
await (got as { shown?: { close(): Promise<void> } }).shown?.close();
await counter.close();
