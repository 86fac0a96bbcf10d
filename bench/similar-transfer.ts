/**
 * co-similar's hand-over to its worker (similar/in-worker.ts) for builds side by side: reads one input
 * once, then calls each build's `similarTable` (in a worker, as `detect` does on large inputs) in
 * turn, `rounds` times, on the same columns. Prints per call the main thread's blocked time before the
 * worker runs (packing or cloning the texts: the call's synchronous part), the wall to the answer, the
 * process CPU meanwhile (the main thread only waits, so this is the hand-over plus the worker) and a
 * digest of the co-similar action table, which must agree between builds.
 *
 *   node --import tsx bench/similar-transfer.ts FILE --roots CHECKOUT,CHECKOUT [--rounds 3]
 *
 * A root is a built checkout (CHECKOUT/dist), or `src` for this checkout's sources.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workerPostSource } from '../src/cli/read/worker-source.js';
import { BEHAVIOURS } from '../src/core/behaviour.js';
import { collectActions } from '../src/detect/engine/actions.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    roots: { type: 'string', default: 'src' },
    rounds: { type: 'string', default: '3' },
  },
});
const file = positionals[0];
const roots = values.roots.split(',');
const rounds = Number(values.rounds);
if (file === undefined || !(rounds >= 1)) {
  process.stderr.write('usage: similar-transfer.ts FILE --roots CHECKOUT,CHECKOUT [--rounds 3]\n');
  process.exit(64);
}
type SimilarTable = typeof import('../src/detect/similar/similar-table.js');
const builds: { root: string; m: SimilarTable }[] = [];
for (const root of roots) {
  const at =
    root === 'src'
      ? '../src/detect/similar/similar-table.ts'
      : pathToFileURL(join(root, 'dist', 'detect/similar/similar-table.js')).href;
  builds.push({ root, m: (await import(at)) as SimilarTable });
}
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const print = (o: Record<string, unknown>): void => {
  process.stdout.write(JSON.stringify(o) + '\n');
};

const t0 = performance.now();
const { columns } = await collectActions(workerPostSource([file], {}), {
  behaviours: BEHAVIOURS,
  repostsOnlyRetweet: true,
});
print({
  step: 'read',
  posts: columns.count,
  texts: columns.originalTexts.size,
  ms: Math.round(performance.now() - t0),
});

for (let round = 0; round < rounds; round++)
  for (const { root, m } of builds) {
    // Let the previous call's garbage go first, so that each call pays for its own.
    await new Promise((r) => setTimeout(r, 200));
    const c0 = cpuMs();
    const w0 = performance.now();
    const pending = m.similarTable(columns, 1, true, new AbortController().signal, undefined);
    const blocked = performance.now() - w0;
    const table = await pending;
    const ms = performance.now() - w0;
    const cpu = cpuMs() - c0;
    const digest = createHash('sha256');
    for (const col of [table.object, table.post])
      digest.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
    print({
      step: 'co-similar',
      root,
      round,
      actions: table.object.length,
      blockedMs: Math.round(blocked),
      ms: Math.round(ms),
      cpu: Math.round(cpu),
      digest: digest.digest('hex').slice(0, 12),
    });
  }
print({ step: 'end', peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
