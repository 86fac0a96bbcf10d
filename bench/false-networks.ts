/**
 * Diagnoses detection on simulated data: every reported network with its members' scenario kinds
 * (planted campaign kinds, hard negatives, organic), size and the deciding chance test, so a false
 * network can be traced to the test that let it through. Same data and options as detect-accuracy.
 * Usage: node --import tsx bench/false-networks.ts POSTS [--all]   (DETECT_OPTIONS as in detect-accuracy)
 * Prints one JSON line per network without planted members (with --all: every network). Cost: one detect.
 */
import { detect, type DetectOptions } from '../src/detect/index.js';
import { simulate } from '../src/simulate/index.js';

const posts = Number(process.argv[2] ?? 100_000);
const all = process.argv.includes('--all');
const extra = JSON.parse(process.env.DETECT_OPTIONS ?? '{}') as DetectOptions;
const sim = simulate({ posts, seed: 7 });
const r = await detect(sim.posts, { seed: 1, ...extra });
const kindOfScenario = new Map(sim.truth.scenarios.map((s) => [s.id, s.kind]));
const label = new Map(
  sim.truth.accounts.map((a) => [
    a.account,
    a.campaign !== null
      ? `planted:${a.kind!}`
      : a.scenarios.length
        ? [...new Set(a.scenarios.map((id) => kindOfScenario.get(id)!))].sort().join('+')
        : (a.kind ?? 'organic'),
  ]),
);
for (const n of r.networks) {
  const kinds = new Map<string, number>();
  for (const m of n.members) {
    const k = label.get(m) ?? '?';
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  if (!all && [...kinds.keys()].some((k) => k.startsWith('planted:'))) continue;
  console.log(
    JSON.stringify({
      id: n.id,
      size: n.members.length,
      kinds: Object.fromEntries(kinds),
      behaviours: n.behaviours,
      decided: `${n.chanceBehaviour ?? ''}/${n.chanceTest ?? ''}`,
      observed: n.observed,
      expected: n.expected === undefined ? undefined : Number(n.expected.toFixed(2)),
      chance: n.chance?.map((c) => `${c.behaviour}/${c.test} ${c.observed}/${c.expected.toFixed(1)}`),
      contrast: n.contrast,
    }),
  );
}
