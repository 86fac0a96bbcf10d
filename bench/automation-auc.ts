/**
 * Automation score on the simulator's labelled accounts: ROC AUC, Brier score and reliability bins,
 * overall and per ground-truth kind, plus each term's AUC alone.
 *
 *   npm run bench -- automation-auc --sizes 100000,1000000 --seed 1
 *
 * Labels are read generically from the simulator's truth, so new kinds are picked up as they appear:
 * an account is "automated" when it belongs to a planted campaign or its kind names a bot (news-bot,
 * feed-bot, …); every other account (organic, and any hard-negative kind without "bot" in its name)
 * is "human". Every account is scored from its activity and profile alone (no network terms: those
 * exist only for members of reported networks, so here they are unavailable and add 0).
 *
 * Then `detect` runs on the same seed and the scores it reports for accounts placed in networks
 * (network terms included) are compared between automated members and humans placed there.
 *
 * Calibration: the shipped model is not fitted to the simulator. As a diagnostic, a Platt scaling
 * (score' = σ(a·logit + b)) is fitted on seed + 1 and its Brier score is reported on `seed`, so the
 * table shows how far the literature calibration is from the simulator's base rate.
 */
import { simulate, type TruthAccount } from '../src/simulate/simulate.js';
import { ActivityCollector } from '../src/detect/signals/activity.js';
import { automationContext, automationScore } from '../src/detect/signals/automation-score.js';
import { TERM_NAMES } from '../src/detect/signals/automation-model.js';
import type { AutomationScore } from '../src/core/result.js';
import { detect } from '../src/detect/index.js';

/** Generic label: planted campaign members and any kind naming a bot count as automated. */
export function isAutomated(t: TruthAccount): boolean {
  return t.campaign !== null || /bot/i.test(t.kind ?? '');
}

/** ROC AUC by the rank-sum (Mann–Whitney) statistic with average ranks for ties. O(n log n). */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < labels.length; i++)
    if (labels[i]) {
      pos++;
      sum += ranks[i]!;
    }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function brier(p: readonly number[], y: readonly boolean[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - (y[i] ? 1 : 0)) ** 2;
  return s / p.length;
}

/** Platt scaling σ(a·x + b) by Newton's method on the log-loss (2 parameters; converges in ~10 steps). */
export function plattFit(x: readonly number[], y: readonly boolean[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * x[i]! + b)));
      const r = p - (y[i] ? 1 : 0);
      const w = p * (1 - p);
      ga += r * x[i]!;
      gb += r;
      haa += w * x[i]! * x[i]!;
      hab += w * x[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

interface Scored {
  truth: TruthAccount[];
  scores: AutomationScore[];
  labels: boolean[];
}

function scoreSimulation(posts: number, seed: number): Scored {
  const sim = simulate({ posts, seed });
  const c = new ActivityCollector();
  for (const p of sim.posts) c.add(p);
  const byId = new Map([...c.accounts()].map((a) => [a.account, a]));
  const context = automationContext(byId.values());
  // Accounts with no post in the stream have nothing to score and are left out.
  const truth = sim.truth.accounts.filter((t) => byId.has(t.account));
  return {
    truth,
    scores: truth.map((t) => automationScore(byId.get(t.account)!, context)),
    labels: truth.map(isAutomated),
  };
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');

const medianOf = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[s.length >> 1]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * The score as `detect` reports it (network terms included) on the accounts it places in networks:
 * does it tell the automated members from the people wrongly placed there? With no human placed,
 * the AUC is undefined (–); the hard-negative scenarios are what make this line informative.
 */
async function inNetworks(posts: number, seed: number): Promise<string> {
  const sim = simulate({ posts, seed });
  const truth = new Map(sim.truth.accounts.map((t) => [t.account, t]));
  const r = await detect(sim.posts, { seed: 1 });
  const placed = r.accounts.filter((a) => a.network !== null && a.automation !== undefined);
  const scores = placed.map((a) => a.automation!.score);
  const labels = placed.map((a) => {
    const t = truth.get(a.account);
    return t !== undefined && isAutomated(t);
  });
  const auto = scores.filter((_, i) => labels[i]);
  const human = scores.filter((_, i) => !labels[i]);
  return (
    `As \`detect\` reports it (network terms included), on the ${placed.length} accounts placed in ${r.networks.length} networks: ` +
    `${auto.length} automated (median score ${f3(medianOf(auto))}), ${human.length} human (median ${f3(medianOf(human))}); ` +
    `AUC ${f3(rocAuc(scores, labels))}; ${human.filter((x) => x >= 0.5).length} of the humans score 0.5 or more.`
  );
}

function reliability(p: readonly number[], y: readonly boolean[]): string {
  const bins = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0000001];
  const cells: string[] = [];
  for (let b = 0; b + 1 < bins.length; b++) {
    let n = 0;
    let pos = 0;
    let mean = 0;
    for (let i = 0; i < p.length; i++)
      if (p[i]! >= bins[b]! && p[i]! < bins[b + 1]!) {
        n++;
        mean += p[i]!;
        if (y[i]) pos++;
      }
    if (n > 0)
      cells.push(
        `[${bins[b]}, ${Math.min(1, bins[b + 1]!)}): n ${n}, mean ${f3(mean / n)}, observed ${f3(pos / n)}`,
      );
  }
  return cells.join('<br>');
}

export async function automationAucBench({
  sizes,
  seed,
}: {
  sizes: number[];
  seed: number;
}): Promise<string> {
  const out: string[] = [];
  for (const n of sizes) {
    const t0 = process.cpuUsage();
    const test = scoreSimulation(n, seed);
    const fit = scoreSimulation(n, seed + 1);
    const cpu = (process.cpuUsage(t0).user / 1e6).toFixed(1);
    const p = test.scores.map((s) => s.score);
    const platt = plattFit(
      fit.scores.map((s) => s.logit),
      fit.labels,
    );
    const pPlatt = test.scores.map((s) => 1 / (1 + Math.exp(-(platt.a * s.logit + platt.b))));
    const positives = test.labels.filter(Boolean).length;
    // Brier of always answering the base rate: what a score must beat to carry information.
    const base = positives / test.labels.length;
    out.push(
      `#### ${n.toLocaleString('en-US')} posts (seed ${seed}; Platt fitted on seed ${seed + 1}; ${cpu} s CPU for both)`,
      '',
      '| accounts | automated | ROC AUC | Brier (shipped) | Brier (Platt, other seed) | Brier (base rate alone) | base rate | Platt a, b |',
      '|---:|---:|---:|---:|---:|---:|---:|---|',
      `| ${test.labels.length.toLocaleString('en-US')} | ${positives} | ${f3(rocAuc(p, test.labels))} | ${f3(brier(p, test.labels))} | ${f3(brier(pPlatt, test.labels))} | ${f3(base * (1 - base))} | ${f3(base)} | ${platt.a.toFixed(2)}, ${platt.b.toFixed(2)} |`,
      '',
      `Reliability (shipped score): ${reliability(p, test.labels)}`,
      '',
    );
    const organic = test.truth
      .map((t, i) => (t.kind === null && !test.labels[i] ? i : -1))
      .filter((i) => i >= 0);
    const kinds = [...new Set(test.truth.map((t) => t.kind ?? 'organic'))].sort();
    out.push('| kind | label | accounts | median score | AUC vs organic |', '|---|---|---:|---:|---:|');
    for (const k of kinds) {
      const members = test.truth.map((t, i) => ((t.kind ?? 'organic') === k ? i : -1)).filter((i) => i >= 0);
      const sorted = members.map((i) => p[i]!).sort((a, b) => a - b);
      const med = sorted[sorted.length >> 1] ?? Number.NaN;
      const auc =
        k === 'organic'
          ? Number.NaN
          : rocAuc(
              [...members, ...organic].map((i) => p[i]!),
              [...members.map(() => true), ...organic.map(() => false)],
            );
      out.push(
        `| ${k} | ${test.labels[members[0]!] ? 'automated' : 'human'} | ${members.length} | ${f3(med)} | ${f3(auc)} |`,
      );
    }
    const termAucs = TERM_NAMES.map((name, j) => {
      const c = test.scores.map((s) => s.contributions[j]!);
      const available = c.filter((x) => x.available).length;
      return `${name} ${f3(
        rocAuc(
          c.map((x) => x.logOdds),
          test.labels,
        ),
      )} (${Math.round((100 * available) / c.length)} % available)`;
    });
    out.push('', `Each term alone (AUC of its log-odds; unavailable = 0): ${termAucs.join('; ')}.`, '');
    out.push(await inNetworks(n, seed), '');
    process.stderr.write(`automation-auc: ${n} done\n`);
  }
  return out.join('\n');
}
