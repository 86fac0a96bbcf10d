/**
 * CPU per detect stage (all threads, process.cpuUsage at each stage change) for one input: the
 * parallel reader feeding `detect` with its defaults, then the outputs written to a scratch folder, as
 * `lockstep detect` does. run.json's timings are wall clock, which on a loaded machine measures the
 * other jobs; this measures the work. One JSON line: stage → CPU ms, plus wall, total CPU, peak RSS.
 *
 *   node --import tsx bench/stage-cpu.ts FILE --out DIR [--root CHECKOUT]
 *
 * `--root CHECKOUT` loads another checkout's build (CHECKOUT/dist), so an older commit can be measured
 * beside this one in the same minute. The co-similar worker's CPU lands in the stages it overlaps
 * (reading and co-actions); the stages after counting run on the main thread alone.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const file = args[0];
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const root = flag('--root');
const out = flag('--out');
if (file === undefined || out === undefined) {
  process.stderr.write('usage: stage-cpu.ts FILE --out DIR [--root CHECKOUT]\n');
  process.exit(64);
}
const from = (rel: string): string =>
  root === undefined ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;

interface Modules {
  source: typeof import('../src/cli/read/worker-source.js');
  pipeline: typeof import('../src/detect/pipeline.js');
  output: typeof import('../src/report/write-output.js');
}
const m: Modules = {
  source: (await import(from('cli/read/worker-source'))) as Modules['source'],
  pipeline: (await import(from('detect/pipeline'))) as Modules['pipeline'],
  output: (await import(from('report/write-output'))) as Modules['output'],
};

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const stages: Record<string, number> = {};
let stage = 'start';
let mark = cpuMs();
const enter = (next: string): void => {
  const now = cpuMs();
  stages[stage] = (stages[stage] ?? 0) + (now - mark);
  stage = next;
  mark = now;
};
const t0 = performance.now();
const c0 = cpuMs();
const source = m.source.workerPostSource([file], {});
const result = await m.pipeline.detect(
  source,
  {
    onProgress: (s) => {
      // Counting reports one label per behaviour: one stage for all of them.
      const name = s.startsWith('co-actions') ? 'co-actions' : s;
      if (name !== stage) enter(name);
    },
  },
  () => source.summary()!,
);
enter('output');
await m.output.writeDetectionOutput(result, out);
enter('end');
const round = (x: number): number => Math.round(x);
process.stdout.write(
  JSON.stringify({
    posts: result.input.posts,
    stagesCpuMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(v)])),
    wallMs: round(performance.now() - t0),
    cpuMs: round(cpuMs() - c0),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
