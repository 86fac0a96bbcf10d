/**
 * Reading + encoding speed per input layout (issue #9 item 5: ≥ 250,000 posts/s on gzip CSV in the
 * ira, twitter-io and qut layouts): for each layout a simulated `posts.csv.gz` (bench/data.ts, gzip
 * level 1), then bench/read-once.ts in a fresh child process per run — detect's read stage exactly as
 * `lockstep detect` runs it (worker reader, interning, action columns) — and the median of `--repeat`
 * runs of wall time, posts/s, CPU seconds (all threads) and peak RSS.
 *
 *   npm run bench -- read --sizes 1000000 [--repeat 3] [--layouts ira,qut] [--root /path/to/other/checkout]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { simulatedInput, type SimulatedLayout } from './data.js';

const LAYOUTS: readonly SimulatedLayout[] = ['ira', 'twitter-io', 'qut'];

interface Once {
  posts: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

async function readOnce(file: string, root: string | undefined): Promise<Once> {
  const args = ['--import', 'tsx', join(import.meta.dirname, 'read-once.ts'), file];
  if (root !== undefined) args.push('--root', root);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const code = await new Promise<number>((resolve) =>
    child.on('close', (c) => {
      resolve(c ?? 1);
    }),
  );
  if (code !== 0) throw new Error(`read-once exited with ${code} on ${file}`);
  return JSON.parse(out) as Once;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function readBench({
  sizes,
  seed,
  repeat = 3,
  layouts = LAYOUTS,
  root,
}: {
  sizes: number[];
  seed: number;
  repeat?: number;
  layouts?: readonly SimulatedLayout[];
  root?: string;
}): Promise<string> {
  const rows = [
    `| layout | posts | runs | wall s (median) | posts/s (median) | CPU s (median) | peak RSS MB (median) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const n of sizes) {
    for (const layout of layouts) {
      const input = await simulatedInput(n, seed, layout);
      const runs: Once[] = [];
      for (let i = 0; i < repeat; i++) runs.push(await readOnce(input.posts, root));
      const wall = median(runs.map((r) => r.wallMs)) / 1000;
      rows.push(
        `| ${layout} | ${runs[0]!.posts.toLocaleString('en-US')} | ${repeat} | ${wall.toFixed(2)} | ` +
          `${Math.round(median(runs.map((r) => r.posts / (r.wallMs / 1000)))).toLocaleString('en-US')} | ` +
          `${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2)} | ${Math.round(median(runs.map((r) => r.peakRssMb)))} |`,
      );
      process.stderr.write(
        `read: ${layout} ${n} done (${runs.map((r) => Math.round(r.wallMs)).join(', ')} ms)\n`,
      );
    }
  }
  return rows.join('\n');
}
