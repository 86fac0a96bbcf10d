/**
 * Side-by-side matching speed of two source trees (e.g. a base commit's worktree and this one) in one
 * process: each tree's FactCheckMatcher is built over the same seeded synthetic fact checks
 * (factcheck-synthetic.ts), then the same posts go through `match(text, 5, 0.5)` tree after tree,
 * round after round, timed in CPU seconds. Alternating in one process makes the ratio trustworthy on
 * a loaded machine, where absolute CPU seconds swing with the load. Also checks that both trees return
 * the same matches (fact check, score, features, reasons) in every round.
 *
 *   node --expose-gc --import tsx bench/factcheck-ab.ts BASE_TREE NEW_TREE [N=100000] [P=3000] [ROUNDS=5]
 */
import { resolve } from 'node:path';
import type { FactCheckMatcher } from '../src/factcheck/matcher.js';
import { SyntheticText } from './factcheck-synthetic.js';

const [baseTree, newTree, nArg, pArg, rArg] = process.argv.slice(2);
if (!baseTree || !newTree) throw new Error('usage: factcheck-ab.ts BASE_TREE NEW_TREE [N] [P] [ROUNDS]');
const N = Number(nArg ?? 100_000);
const P = Number(pArg ?? 3_000);
const ROUNDS = Number(rArg ?? 5);

const gen = new SyntheticText(2);
const checks = Array.from({ length: N }, (_, i) => gen.factCheck(i));
const posts = Array.from({ length: P }, (_, i) => gen.post(i % 2 === 0 ? checks[gen.int(N)] : undefined));

const matchers: FactCheckMatcher[] = [];
for (const tree of [baseTree, newTree]) {
  const mod = (await import(
    resolve(tree, 'src/factcheck/matcher.ts')
  )) as typeof import('../src/factcheck/matcher.js');
  matchers.push(new mod.FactCheckMatcher(checks));
}
for (const m of matchers) for (const text of posts.slice(0, 300)) m.match({ text }, 5, 0.5);

const rates: number[][] = [[], []];
let identical = true;
for (let r = 0; r < ROUNDS; r++) {
  const outputs: string[] = [];
  matchers.forEach((m, j) => {
    const start = process.cpuUsage();
    const out = posts.map((text) =>
      m.match({ text }, 5, 0.5).map((x) => [x.doc, x.score, x.features, x.reasons]),
    );
    const used = process.cpuUsage(start);
    rates[j]!.push(Math.round(P / ((used.user + used.system) / 1e6)));
    outputs.push(JSON.stringify(out));
  });
  identical &&= outputs[0] === outputs[1];
}
const median = (x: number[]): number => [...x].sort((a, b) => a - b)[x.length >> 1]!;
const [b, n] = rates.map(median) as [number, number];
console.log(`base posts per CPU second: ${rates[0]!.join(' ')} (median ${b})`);
console.log(`new  posts per CPU second: ${rates[1]!.join(' ')} (median ${n})`);
console.log(`new / base ${(n / b).toFixed(3)}; matches identical in every round: ${identical}`);
