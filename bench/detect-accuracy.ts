/**
 * Precision and recall of planted accounts on simulated data (src/simulate) at default settings, with
 * the hard-negative scenarios present, overall and per scenario.
 * Usage: node --import tsx bench/detect-accuracy.ts [posts ...]   (default 100000 1000000 3000000)
 * Env: DETECT_OPTIONS='{"...": ...}' passes detect options; SIM_SCENARIOS=none simulates without the
 * hard negatives (the simulator before them), SIM_SCENARIOS=a,b only those kinds.
 * A planted account counts as found when a reported network names it — as a member, or as the account
 * it amplifies (Network.amplified: a persona set's lead, which posts and never co-acts); precision is
 * the share of named accounts that are planted. Each scenario kind's row says how many of its accounts were put
 * in networks: its contribution to the false positives.
 */
import { detect } from '../src/detect/index.js';
import { simulate, SCENARIO_KINDS, type ScenarioKind } from '../src/simulate/index.js';
import type { DetectOptions } from '../src/detect/index.js';
import { scoreScenarios } from './scenario-score.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const extra = JSON.parse(process.env.DETECT_OPTIONS ?? '{}') as DetectOptions;
const env = process.env.SIM_SCENARIOS;
const scenarios: readonly ScenarioKind[] | undefined =
  env === undefined
    ? undefined
    : env === 'none'
      ? []
      : env.split(',').filter((k): k is ScenarioKind => (SCENARIO_KINDS as readonly string[]).includes(k));
const pct = (n: number, d: number): string => (d ? `${n}/${d} (${((100 * n) / d).toFixed(1)} %)` : '—');
const rows: string[] = [];
for (const posts of sizes.length ? sizes : [100_000, 1_000_000, 3_000_000]) {
  const sim = simulate({ posts, seed: 7, ...(scenarios ? { scenarios } : {}) });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await detect(sim.posts, { seed: 1, ...extra });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const named = r.networks.flatMap((n) => [...n.members, ...(n.amplified ?? []).map((a) => a.account)]);
  const s = scoreScenarios(sim.truth, new Set(named));
  const plantedIds = new Set(sim.truth.accounts.filter((a) => a.campaign !== null).map((a) => a.account));
  const falseNetworks = r.networks.filter((n) => !n.members.some((m) => plantedIds.has(m)));
  const byKind = Object.fromEntries([...s.recallByKind].sort().map(([k, [f, n]]) => [k, `${f}/${n}`]));
  const byScenario = Object.fromEntries(
    [...s.flaggedByScenario].sort().map(([k, [f, n]]) => [k, `${f}/${n}`]),
  );
  console.log(
    JSON.stringify({
      posts,
      accounts: sim.truth.accounts.length,
      planted: s.planted,
      flagged: s.flagged,
      falsePositives: s.falsePositives,
      networks: r.networks.length,
      amplified: r.networks.reduce((n, x) => n + (x.amplified?.length ?? 0), 0),
      networksWithoutPlanted: falseNetworks.length,
      largestWithoutPlanted: Math.max(0, ...falseNetworks.map((n) => n.members.length)),
      precision: Number(s.precision.toFixed(4)),
      recall: Number(s.recall.toFixed(4)),
      recallByKind: byKind,
      flaggedByScenario: byScenario,
      seconds: Number(secs.toFixed(1)),
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
      timings: r.timings,
      peakRssMB: Math.round(r.peakRssBytes / 2 ** 20),
      windows: r.parameters.windows,
    }),
  );
  const fp = s.falsePositives;
  rows.push(
    `| ${posts.toLocaleString('en-US')} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ` +
      [...s.recallByKind]
        .sort()
        .map(([k, [f, n]]) => `${k} ${f}/${n}`)
        .join(', ') +
      ' | ' +
      [...s.flaggedByScenario]
        .sort()
        .map(([k, [f, n]]) => `${k} ${pct(f, n)}${fp && f ? `, ${((100 * f) / fp).toFixed(0)} % of FP` : ''}`)
        .join('; ') +
      ' |',
  );
}
console.log(
  '\n| posts | precision | recall | recall by campaign kind | hard negatives flagged (accounts of the kind; share of all false positives) |\n|---:|---:|---:|---|---|\n' +
    rows.join('\n'),
);
