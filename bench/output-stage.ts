/**
 * The output stage alone: a detection result read back from an output directory, then written again
 * (`writeDetectionOutput`), timed — one JSON line with wall ms, process CPU ms (all threads) and the
 * per-file timings. Run it against two builds in turn to compare the writers on the same result.
 *
 *   node --import tsx bench/output-stage.ts RESULTDIR [--root DIR]
 *
 * `--root DIR` loads another checkout's build (DIR/dist) instead of this tree's sources.
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
if (dir === undefined || dir.startsWith('--') || (rootAt >= 0 && root === undefined)) {
  process.stderr.write('usage: output-stage.ts RESULTDIR [--root DIR]\n');
  process.exit(64);
}
const from = (rel: string): string =>
  root === undefined ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;
const { readDetectionOutput } = (await import(from('report/read-output'))) as typeof ReadOutput;
const { writeDetectionOutput } = (await import(from('report/write-output'))) as typeof WriteOutput;

const result = await readDetectionOutput(dir);
const out = await mkdtemp(join(tmpdir(), 'lockstep-output-stage-'));
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
  await rm(out, { recursive: true, force: true });
}
