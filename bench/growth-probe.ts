/**
 * Why co-actions and co-similar grow faster than the input (issue #15 item 1): reads one input once,
 * then runs the lockstep counting of every behaviour (engine/lockstep.ts `lockstepPass`, default
 * window and maxCrowd) and co-similar's near-duplicate grouping (src/detect/similar, in this thread,
 * on the texts `detect` gives it) and prints one JSON line per step with its size (actions, eligible
 * actions, co-actions, kept pairs; texts, distinct texts, verified and joined pairs), its CPU and wall
 * milliseconds and the main thread's garbage-collection pauses while it ran.
 *
 *   node --import tsx bench/growth-probe.ts FILE [--roots src,CHECKOUT,…] [--rounds 1] [--skip co-actions|co-similar]
 *
 * `--roots` lists the builds to run, in turn, on the same read, `rounds` times: `src` is this
 * checkout's sources, any other entry a built checkout (CHECKOUT/dist), so that two builds are compared
 * on identical columns under the same load; each step's result digest says whether they agree.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { workerPostSource } from '../src/cli/read/worker-source.js';
import { BEHAVIOURS } from '../src/core/behaviour.js';
import { collectActions } from '../src/detect/engine/actions.js';
import { DEFAULT_LOCKSTEP_WINDOW, resolveOptions } from '../src/detect/options.js';
import { similarInput } from '../src/detect/similar/similar-table.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    roots: { type: 'string', default: 'src' },
    rounds: { type: 'string', default: '1' },
    skip: { type: 'string' },
  },
});
const file = positionals[0];
const roots = values.roots.split(',');
const rounds = Number(values.rounds);
const skip = values.skip;
if (file === undefined || !(rounds >= 1)) {
  process.stderr.write(
    'usage: growth-probe.ts FILE [--roots src,CHECKOUT] [--rounds 1] [--skip co-actions|co-similar]\n',
  );
  process.exit(64);
}
interface Build {
  root: string;
  lockstep: typeof import('../src/detect/engine/lockstep.js');
  similar: typeof import('../src/detect/similar/near-duplicates.js');
}
const builds: Build[] = [];
for (const root of roots) {
  const from = (rel: string): string =>
    root === 'src' ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;
  builds.push({
    root,
    lockstep: (await import(from('detect/engine/lockstep'))) as Build['lockstep'],
    similar: (await import(from('detect/similar/near-duplicates'))) as Build['similar'],
  });
}

let gcMs = 0;
let gcCount = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    gcCount++;
  }
}).observe({ entryTypes: ['gc'] });
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// GC entries arrive asynchronously: yield once before reading the counters.
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
async function measured<T>(
  run: () => T,
): Promise<{ value: T; ms: number; cpu: number; gc: number; gcs: number }> {
  await settle();
  const g0 = gcMs;
  const n0 = gcCount;
  const c0 = cpuMs();
  const t0 = performance.now();
  const value = run();
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  await settle();
  return { value, ms: Math.round(ms), cpu: Math.round(cpu), gc: Math.round(gcMs - g0), gcs: gcCount - n0 };
}
const print = (o: Record<string, unknown>): void => {
  process.stdout.write(JSON.stringify(o) + '\n');
};

const t0 = performance.now();
const source = workerPostSource([file], {});
const { columns, tables } = await collectActions(source, {
  behaviours: BEHAVIOURS,
  repostsOnlyRetweet: true,
});
print({
  step: 'read',
  posts: columns.count,
  accounts: columns.accounts.size,
  ms: Math.round(performance.now() - t0),
  heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
});

const opts = resolveOptions({});
// The texts pipeline.ts `similarTable` passes to co-similar.
const input = similarInput(columns);
for (let round = 0; round < rounds; round++)
  for (const build of builds) {
    if (skip !== 'co-actions')
      for (const table of tables) {
        if (table.object.length === 0) continue;
        const r = await measured(() =>
          build.lockstep.lockstepPass(table, columns, {
            window: DEFAULT_LOCKSTEP_WINDOW,
            maxCrowd: opts.maxCrowd,
            minPairCoActions: Math.max(1, opts.minParticipation),
          }),
        );
        const p = r.value.pairs;
        const digest = createHash('sha256');
        for (const col of [
          p.keysA,
          p.keysB,
          p.count,
          p.weight,
          p.objects,
          p.first,
          p.last,
          p.extra,
          r.value.degree,
        ])
          digest.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
        print({
          step: 'co-actions',
          root: build.root,
          round,
          behaviour: table.behaviour,
          actions: table.object.length,
          objects: table.objects.size,
          eligible: r.value.eligibleActions,
          coActions: r.value.coActions,
          keptPairs: p.size,
          ms: r.ms,
          cpu: r.cpu,
          gc: r.gc,
          gcs: r.gcs,
          digest: digest.digest('hex').slice(0, 12),
        });
      }

    if (skip !== 'co-similar') {
      const r = await measured(() => build.similar.nearDuplicateGroupsDetailed(input, { seed: opts.seed }));
      const g = r.value.groups;
      print({
        step: 'co-similar',
        root: build.root,
        round,
        ...r.value.diagnostics,
        phasesMs: Object.fromEntries(
          Object.entries(r.value.diagnostics.ms).map(([k, v]) => [k, Math.round(v)]),
        ),
        ms: r.ms,
        cpu: r.cpu,
        gc: r.gc,
        gcs: r.gcs,
        digest: createHash('sha256')
          .update(new Uint8Array(g.buffer, g.byteOffset, g.byteLength))
          .digest('hex')
          .slice(0, 12),
      });
    }
  }
print({ step: 'end', peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
