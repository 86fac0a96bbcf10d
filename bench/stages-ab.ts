/**
 * The stages after reading, two builds side by side on the same columns: the input is read once (this
 * checkout's reader), then `detectPrepared` of each build runs on it in turn, alternating, and each run
 * prints one JSON line with CPU per stage (all threads, process.cpuUsage at each stage change), total
 * CPU and a digest of the result (edges, networks, accounts; timings and clock times left out) so that
 * the builds' results can be compared too. On a loaded machine in-process alternation keeps both builds
 * under the same load, file cache and heap.
 *
 *   node --import tsx bench/stages-ab.ts FILE --roots CHECKOUT_A,CHECKOUT_B [--rounds 3]
 *
 * Each CHECKOUT is a built checkout (CHECKOUT/dist).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { abArgs, cpuMs, readOnce } from './ab-input.js';

const { file, flag } = abArgs();
const roots = flag('--roots')?.split(',');
const rounds = Number(flag('--rounds') ?? 3);
if (file === undefined || roots === undefined || !(rounds >= 1)) {
  process.stderr.write('usage: stages-ab.ts FILE --roots A,B [--rounds 3]\n');
  process.exit(64);
}

type Pipeline = typeof import('../src/detect/pipeline.js');
const builds: { root: string; pipeline: Pipeline }[] = [];
for (const root of roots)
  builds.push({
    root,
    pipeline: (await import(pathToFileURL(join(root, 'dist', 'detect', 'pipeline.js')).href)) as Pipeline,
  });

const { prepared, input } = await readOnce(file);

for (let round = 0; round < rounds; round++)
  for (const { root, pipeline } of builds) {
    const stages: Record<string, number> = {};
    let stage = 'co-actions';
    let mark = cpuMs();
    const c0 = mark;
    const enter = (next: string): void => {
      const now = cpuMs();
      stages[stage] = Math.round((stages[stage] ?? 0) + now - mark);
      stage = next;
      mark = now;
    };
    const r = await pipeline.detectPrepared(
      prepared,
      {
        onProgress: (s) => {
          const name = s.startsWith('co-actions') ? 'co-actions' : s;
          if (name !== stage) enter(name);
        },
      },
      input,
    );
    enter('end');
    const digest = createHash('sha256')
      .update(JSON.stringify([r.edges, r.networks, r.accounts, r.parameters]))
      .digest('hex')
      .slice(0, 16);
    process.stdout.write(
      JSON.stringify({
        root,
        round,
        stagesCpuMs: stages,
        cpuMs: Math.round(cpuMs() - c0),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        digest,
      }) + '\n',
    );
  }
