/**
 * The run after reading, outputs included, two builds side by side on the same columns: the input is
 * read once (this checkout's reader), then each build's `detectPrepared` and `writeDetectionOutput` run
 * on it in turn, alternating, as `lockstep detect` runs them. Each run prints one JSON line: wall and CPU (all threads,
 * process.cpuUsage) of detection and of the output stage, run.json's timings, and where its outputs
 * are (OUT/<build index>-<round>: compare them with `cmp` and jq). Where bench/stages-ab.ts compares
 * the stages' CPU, this compares the critical path after reading: the wall, which on a loaded machine
 * only an in-process alternation keeps under the same load.
 *
 *   node --import tsx bench/tail-ab.ts FILE --roots CHECKOUT_A,CHECKOUT_B --out OUT [--rounds 3]
 *
 * Each CHECKOUT is a built checkout (CHECKOUT/dist).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { abArgs, cpuMs, readOnce } from './ab-input.js';

const { file, flag } = abArgs();
const roots = flag('--roots')?.split(',');
const out = flag('--out');
const rounds = Number(flag('--rounds') ?? 3);
if (file === undefined || roots === undefined || out === undefined || !(rounds >= 1)) {
  process.stderr.write('usage: tail-ab.ts FILE --roots A,B --out OUT [--rounds 3]\n');
  process.exit(64);
}

type Pipeline = typeof import('../src/detect/pipeline.js');
type Report = typeof import('../src/report/index.js');
const load = async <T>(root: string, module: string): Promise<T> =>
  (await import(pathToFileURL(join(root, 'dist', module)).href)) as T;
const builds: { root: string; pipeline: Pipeline; report: Report }[] = [];
for (const root of roots)
  builds.push({
    root,
    pipeline: await load<Pipeline>(root, 'detect/pipeline.js'),
    report: await load<Report>(root, 'report/index.js'),
  });

const { prepared, input } = await readOnce(file);

for (let round = 0; round < rounds; round++)
  for (const [index, { root, pipeline, report }] of builds.entries()) {
    const dir = join(out, `${index}-${round}`);
    const c0 = cpuMs();
    const t0 = performance.now();
    const r = await pipeline.detectPrepared(prepared, {}, input);
    const c1 = cpuMs();
    const t1 = performance.now();
    await report.writeDetectionOutput(r, dir);
    const c2 = cpuMs();
    const t2 = performance.now();
    process.stdout.write(
      JSON.stringify({
        root,
        round,
        dir,
        wallMs: { detect: Math.round(t1 - t0), output: Math.round(t2 - t1), all: Math.round(t2 - t0) },
        cpuMs: { detect: Math.round(c1 - c0), output: Math.round(c2 - c1), all: Math.round(c2 - c0) },
        load: loadavg()[0]!.toFixed(1),
        timings: r.timings,
      }) + '\n',
    );
  }
