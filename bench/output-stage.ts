/**
 * The output stage alone: a detection result read back from an output directory, then written again
 * (`writeDetectionOutput`), timed — one JSON line with wall ms, process CPU ms (all threads) and the
 * per-file timings. Run it against two builds in turn to compare the writers on the same result.
 *
 *   node --import tsx bench/output-stage.ts RESULTDIR [--root DIR] [--out DIR]
 *
 * `--root DIR` loads another checkout's build (DIR/dist) instead of this tree's sources. `--out DIR`
 * keeps the files written there (to compare two builds' bytes) instead of a removed temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ReadOutput from '../src/report/read-output.js';
import type * as WriteOutput from '../src/report/write-output.js';

const args = process.argv.slice(2);
const dir = args[0];
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : undefined;
const outAt = args.indexOf('--out');
const keep = outAt >= 0 ? args[outAt + 1] : undefined;
if (
  dir === undefined ||
  dir.startsWith('--') ||
  (rootAt >= 0 && root === undefined) ||
  (outAt >= 0 && keep === undefined)
) {
  process.stderr.write('usage: output-stage.ts RESULTDIR [--root DIR] [--out DIR]\n');
  process.exit(64);
}
const from = (rel: string): string =>
  root === undefined ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;
const { readDetectionOutput } = (await import(from('report/read-output'))) as typeof ReadOutput;
const { writeDetectionOutput } = (await import(from('report/write-output'))) as typeof WriteOutput;

const result = await readDetectionOutput(dir);
const out = keep ?? (await mkdtemp(join(tmpdir(), 'lockstep-output-stage-')));
try {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { timings } = await writeDetectionOutput(result, out);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      edges: result.edges.length,
      wallMs: Math.round(performance.now() - t0),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      timings,
    }),
  );
} finally {
  if (keep === undefined) await rm(out, { recursive: true, force: true });
}
