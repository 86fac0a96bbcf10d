/**
 * One stderr line per stage for the in-process DuckDB benchmarks (duckdb-input.ts, duckdb-actions.ts):
 * seconds since start, process CPU (user + sys — DuckDB's threads run in this process, so it includes
 * them), RSS and V8 heap; `load` is the machine's load average, to quote beside the numbers.
 */
import { loadavg } from 'node:os';

const t0 = performance.now();
const gb = (b: number): string => (b / 2 ** 30).toFixed(2);

function cpu(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

export function log(message: string): void {
  const m = process.memoryUsage();
  process.stderr.write(
    `[${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s, cpu ${cpu().toFixed(1)} s, rss ${gb(m.rss)} GB, heap ${gb(m.heapUsed)} GB] ${message}\n`,
  );
}

export function load(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}
