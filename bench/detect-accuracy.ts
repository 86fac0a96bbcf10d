/**
 * Precision and recall of planted accounts on simulated data (src/simulate) at default settings.
 * Usage: node --import tsx bench/detect-accuracy.ts [posts ...]   (default 100000 1000000 3000000)
 * A planted account counts as found when it is a member of a reported network; precision is the share
 * of network members that are planted.
 */
import { detect } from '../src/detect/index.js';
import { simulate } from '../src/simulate/simulate.js';
import type { DetectOptions } from '../src/detect/index.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const extra = JSON.parse(process.env.DETECT_OPTIONS ?? '{}') as DetectOptions;
for (const posts of sizes.length ? sizes : [100_000, 1_000_000, 3_000_000]) {
  const sim = simulate({ posts, seed: 7 });
  const planted = new Set(sim.truth.accounts.filter((a) => a.campaign !== null).map((a) => a.account));
  const t0 = performance.now();
  const r = await detect(sim.posts, { seed: 1, ...extra });
  const secs = (performance.now() - t0) / 1000;
  const flagged = new Set(r.networks.flatMap((n) => n.members));
  let tp = 0;
  for (const a of flagged) if (planted.has(a)) tp++;
  const precision = flagged.size ? tp / flagged.size : 0;
  const recall = planted.size ? tp / planted.size : 0;
  const byKind = new Map<string, [number, number]>();
  for (const a of sim.truth.accounts) {
    if (a.campaign === null) continue;
    const k = byKind.get(a.kind!) ?? [0, 0];
    k[1]++;
    if (flagged.has(a.account)) k[0]++;
    byKind.set(a.kind!, k);
  }
  const fpKinds = new Map<string, number>();
  const kindOf = new Map(sim.truth.accounts.map((a) => [a.account, a.kind ?? 'organic']));
  for (const a of flagged)
    if (!planted.has(a)) fpKinds.set(kindOf.get(a)!, (fpKinds.get(kindOf.get(a)!) ?? 0) + 1);
  console.log(
    JSON.stringify({
      posts,
      planted: planted.size,
      flagged: flagged.size,
      networks: r.networks.length,
      precision: Number(precision.toFixed(4)),
      recall: Number(recall.toFixed(4)),
      recallByKind: Object.fromEntries([...byKind].map(([k, [f, n]]) => [k, `${f}/${n}`])),
      falsePositivesByKind: Object.fromEntries(fpKinds),
      seconds: Number(secs.toFixed(1)),
      timings: r.timings,
      peakRssMB: Math.round(r.peakRssBytes / 2 ** 20),
      windows: r.parameters.windows,
    }),
  );
}
