/**
 * End-to-end benchmark: wall time and peak RSS of `lockstep detect` (default settings) on simulated
 * Twitter IO archives, each run in its own child process (`node bin/lockstep.js` when built, else the
 * TypeScript sources through tsx), peak RSS from the child's resource usage (`/usr/bin/time -v`
 * reports the same maximum resident set size).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../src/detect/options.js';
import { simulatedInput } from './data.js';

const ROOT = join(import.meta.dirname, '..');

/**
 * DuckDB gets a memory limit well under the machine's, so the run shows the spill path rather than
 * DuckDB's default of 80 % of RAM.
 */
export const DUCKDB_BENCH_ARGS = ['--engine', 'duckdb', '--duckdb-memory', '2GB'];

/**
 * ClickHouse: the shards of LOCKSTEP_BENCH_CLICKHOUSE (default the local two-shard cluster of
 * scripts/clickhouse-cluster.sh). The servers' own CPU and memory are not in the child's numbers.
 */
export const CLICKHOUSE_BENCH_ARGS = [
  '--engine',
  'clickhouse',
  '--clickhouse',
  process.env.LOCKSTEP_BENCH_CLICKHOUSE ?? 'http://127.0.0.1:18123,http://127.0.0.1:18124',
];

function detectCommand(input: string, out: string, engine: Engine): string[] {
  const built = join(ROOT, 'dist', 'cli', 'main.js');
  const extra =
    engine === 'duckdb' ? DUCKDB_BENCH_ARGS : engine === 'clickhouse' ? CLICKHOUSE_BENCH_ARGS : [];
  return existsSync(built)
    ? [join(ROOT, 'bin', 'lockstep.js'), 'detect', input, '--out', out, ...extra]
    : ['--import', 'tsx', join(ROOT, 'scripts', 'dev.ts'), 'detect', input, '--out', out, ...extra];
}

/** Runs a child under /usr/bin/time -v when present (its "Maximum resident set size" is the peak). */
async function measure(args: string[]): Promise<{ ms: number; peakRss: number; cpu: number; code: number }> {
  const useTime = existsSync('/usr/bin/time');
  const t = performance.now();
  const child = spawn(
    useTime ? '/usr/bin/time' : process.execPath,
    useTime ? ['-v', process.execPath, ...args] : args,
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number>((resolve) =>
    child.on('close', (c) => {
      resolve(c ?? 1);
    }),
  );
  const ms = performance.now() - t;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  // CPU seconds (user + system) are far less sensitive than wall time to other load on the machine.
  const user = /User time \(seconds\): ([\d.]+)/.exec(err);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(err);
  const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
  if (code !== 0) process.stderr.write(err.slice(-2000));
  return { ms, peakRss: m ? Number(m[1]) * 1024 : NaN, cpu, code };
}

/** `--engines memory,duckdb`: each size runs once per engine, one after the other (side by side). */
export async function endToEndBench({
  sizes,
  seed,
  engines = ['memory'],
}: {
  sizes: number[];
  seed: number;
  engines?: Engine[];
}): Promise<string> {
  const rows = [
    '| posts | engine | input (gz MB) | wall time (s) | CPU user+sys (s) | peak RSS (MB) | networks | stage timings (ms) |',
    '|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const n of sizes)
    for (const engine of engines) {
      const input = await simulatedInput(n, seed);
      const out = await mkdtemp(join(tmpdir(), 'lockstep-bench-'));
      try {
        const { statSync } = await import('node:fs');
        const size = statSync(input.posts).size / 1e6;
        const m = await measure(detectCommand(input.posts, out, engine));
        if (m.code !== 0) {
          rows.push(
            `| ${n.toLocaleString('en-US')} | ${engine} | ${size.toFixed(1)} | failed (exit ${m.code}) | | | | |`,
          );
          continue;
        }
        const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as {
          counts: { networks: number };
          timings: Record<string, number>;
        };
        const stages = Object.entries(run.timings)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        rows.push(
          `| ${n.toLocaleString('en-US')} | ${engine} | ${size.toFixed(1)} | ${(m.ms / 1000).toFixed(1)} | ${m.cpu.toFixed(1)} | ${(m.peakRss / 1e6).toFixed(0)} | ${run.counts.networks} | ${stages} |`,
        );
        process.stderr.write(`end-to-end: ${n} (${engine}) done\n`);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }
  return rows.join('\n');
}
