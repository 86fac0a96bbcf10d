/**
 * Which re-ranker features the dense side should give, chosen by 5-fold cross-validation on
 * CheckThat! 2020 **train** (bench/checkthat-data.ts); dev is scored only for the sets named with
 * `--dev`, fitted on all of train. Each fold's model is fitted as the shipped one is
 * (bench/factcheck-quality.ts `--fit`): logistic regression (bench/factcheck-logistic.ts), every
 * training tweet once with its claims indexed and once with them hidden, so scores stay calibrated.
 * Folds are the tweets by index mod 5.
 *
 * Features beyond the matcher's (computed here from the pooled candidates and the vectors):
 * - `dense.rr`, `dense.lr`: 1 / (1 + r) and ln(1 + r), r = the candidate's rank by cosine among all
 *   fact checks (0 = nearest): the dense side as a rank, as reciprocal-rank fusion uses it
 *   (Cormack, Clarke & Büttcher, SIGIR 2009), free of the cosine's level.
 * - `dense.z`: the cosine standardised over all fact checks' cosines to this post, a per-post
 *   calibration (a long post's cosines all sit higher).
 * - `char.lr`, `word.lr`: ln(1 + rank) by each lexical field's `cover` among the pooled candidates.
 * - `headline.cos|rel`, `claim.cos|rel` (with `--parts DIR`, bench/factcheck-embed.ts `--parts`):
 *   cosines to the headline and the claim embedded apart, rel = over the pool's best.
 * - `hchar.*`, `hword.*`, `cchar.*`, `cword.*` (with `--lex-parts`): the matcher's cover / rel /
 *   claimCover of two more BM25 fields (character 4-grams, words) over the headline alone and the
 *   claim alone; they score the pooled candidates but add none to the pool.
 *
 * Without `--dense` the matcher is the lexical one and `shipped` is DEFAULT_MODEL's features.
 *
 *   node --import tsx bench/factcheck-cv.ts [--dense DIR] [--parts DIR] [--query base|nosig|name]
 *                         [--lex-parts] [--dense-pool N] [--sets a,b] [--dev a,b] [--weights a,b]
 *                         [--cache FILE]
 *
 * `--weights` prints the named sets' models fitted on all of train (what rerank.ts ships).
 *
 * `--query` picks the tweets' vectors: as embedded by default (`postEmbeddingText`), without the
 * `— Name (@handle) date` signature, or with the name only (`--parts` files). Cost: one matcher
 * pass per tweet (train twice), then per set 6 fits of O(rows · d²) per Newton step.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DenseIndex } from '../src/factcheck/dense.js';
import { DEFAULT_BM25 } from '../src/factcheck/bm25.js';
import { DEFAULT_FIELDS, FactCheckMatcher } from '../src/factcheck/matcher.js';
import type { FieldSpec } from '../src/factcheck/matcher.js';
import { DEFAULT_MODEL, DENSE_MODEL } from '../src/factcheck/rerank.js';
import { checkThat } from './checkthat-data.js';
import type { Query } from './checkthat-data.js';
import { loadDense } from './factcheck-dense.js';
import { fitLogistic } from './factcheck-logistic.js';

const data = checkThat();
if (!data) {
  console.log('skipped: the CheckThat! 2020 data is absent (bench/checkthat-data.ts)');
  process.exit(0);
}
const args = process.argv.slice(2);
const opt = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const denseDir = opt('--dense');
const partsDir = opt('--parts');
const queryKind = opt('--query') ?? 'base';
const densePool = Number(opt('--dense-pool') ?? 30);

const { claims, groupOf, indexesOf } = data;
const floats = (file: string): Float32Array => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const base =
  denseDir === undefined
    ? undefined
    : loadDense(
        denseDir,
        claims.map((c) => c.id),
      );
const dim = base?.index.dim ?? 0;
const splits = { train: data.queries('train'), dev: data.queries('dev') };
const golds = { train: data.gold('train'), dev: data.gold('dev') };
const allQueries = [...splits.train, ...splits.dev];
/** The tweet's vector of the chosen kind (the `--parts` files keep factcheck-embed.ts's query order). */
const queryVector: (q: Query) => Float32Array = (() => {
  if (!base) return () => new Float32Array(0);
  if (queryKind === 'base') return (q) => base.queries.get(q.text)!;
  if (!partsDir) throw new Error(`--query ${queryKind} needs --parts DIR`);
  const m = floats(`${partsDir}/queries-${queryKind}.f32`);
  const at = new Map(allQueries.map((q, i) => [q, m.subarray(i * dim, (i + 1) * dim)]));
  return (q) => at.get(q)!;
})();
const parts = partsDir
  ? (['headline', 'claim'] as const).flatMap((p) => {
      try {
        return [{ name: p, index: new DenseIndex(floats(`${partsDir}/${p}.f32`), dim) }];
      } catch {
        console.log(`(${partsDir}/${p}.f32 not there yet: no ${p}.* features)`);
        return [];
      }
    })
  : [];

const partField = (name: string, source: FieldSpec['source'], unit: 'char' | 'word'): FieldSpec => ({
  name,
  source,
  unit,
  ...(unit === 'char' ? { n: 4 } : {}),
  bm25: DEFAULT_BM25,
  pool: false,
});
const fields = args.includes('--lex-parts')
  ? [
      ...DEFAULT_FIELDS,
      partField('hchar', 'headline', 'char'),
      partField('hword', 'headline', 'word'),
      partField('cchar', 'claim', 'char'),
      partField('cword', 'claim', 'word'),
    ]
  : DEFAULT_FIELDS;
const matcher = new FactCheckMatcher(data.factChecks, {
  fields,
  ...(base ? { dense: base.index, densePool } : {}),
});

interface Rows {
  qid: string;
  /** Claims hidden (the post whose fact check was never written). */
  hidden: boolean;
  docs: number[];
  labels: number[];
  x: Record<string, number>[];
}

/** ln(1 + rank) of each candidate by one feature among the pool (0 = best; ties by index). */
function poolLogRank(cands: { doc: number; features: Record<string, number> }[], f: string): number[] {
  const order = cands.map((_, i) => i);
  order.sort((a, b) => cands[b]!.features[f]! - cands[a]!.features[f]! || cands[a]!.doc - cands[b]!.doc);
  const out = new Array<number>(cands.length);
  order.forEach((i, r) => (out[i] = Math.log1p(r)));
  return out;
}

function rowsOf(q: Query, split: 'train' | 'dev', hide: boolean): Rows | undefined {
  const gold = golds[split].get(q.id);
  if (!gold) return undefined;
  const exclude = hide ? indexesOf(gold) : undefined;
  const v = queryVector(q);
  const cands = matcher.candidates({ text: q.text, vector: v }, exclude);
  // The cosines to every fact check, sorted, for the ranks and the standardisation.
  const cos = base ? Float32Array.from(base.index.nearest(v, 1).cos) : new Float32Array(claims.length);
  let mean = 0;
  for (const c of cos) mean += c;
  mean /= cos.length;
  let sd = 0;
  for (const c of cos) sd += (c - mean) ** 2;
  sd = Math.sqrt(sd / cos.length) || 1;
  const sorted = Float32Array.from(exclude ? cos.filter((_, d) => !exclude.has(d)) : cos).sort();
  /** How many (visible) fact checks have a cosine strictly above c. */
  const above = (c: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= c) lo = mid + 1;
      else hi = mid;
    }
    return sorted.length - lo;
  };
  const partCos = parts.map((p) => ({ name: p.name, cos: Float32Array.from(p.index.nearest(v, 1).cos) }));
  const charLr = poolLogRank(cands, 'char.cover');
  const wordLr = poolLogRank(cands, 'word.cover');
  const x = cands.map((c, i) => {
    const r = above(cos[c.doc]!);
    const f: Record<string, number> = {
      ...c.features,
      'dense.rr': 1 / (1 + r),
      'dense.lr': Math.log1p(r),
      'dense.z': (cos[c.doc]! - mean) / sd,
      'char.lr': charLr[i]!,
      'word.lr': wordLr[i]!,
    };
    for (const p of partCos) {
      let best = 0;
      for (const d of cands) best = Math.max(best, p.cos[d.doc]!);
      f[`${p.name}.cos`] = p.cos[c.doc]!;
      f[`${p.name}.rel`] = best > 0 ? p.cos[c.doc]! / best : 0;
    }
    return f;
  });
  return {
    qid: q.id,
    hidden: hide,
    docs: cands.map((c) => c.doc),
    labels: cands.map((c) => (gold.has(groupOf(claims[c.doc]!.id)) ? 1 : 0)),
    x,
  };
}

const cpu0 = process.cpuUsage();
// `--cache FILE`: the candidates' rows of a previous run with the same options (they cost most of a run).
const cache = opt('--cache');
const { trainRows, devRows } = ((): { trainRows: Rows[]; devRows: Rows[] } => {
  if (cache !== undefined && existsSync(cache))
    return JSON.parse(readFileSync(cache, 'utf8')) as { trainRows: Rows[]; devRows: Rows[] };
  const rows = {
    trainRows: splits.train
      .flatMap((q) => [rowsOf(q, 'train', false), rowsOf(q, 'train', true)])
      .filter((r): r is Rows => r !== undefined),
    devRows: splits.dev.map((q) => rowsOf(q, 'dev', false)).filter((r): r is Rows => r !== undefined),
  };
  if (cache !== undefined) writeFileSync(cache, JSON.stringify(rows));
  return rows;
})();
const cpu = process.cpuUsage(cpu0);
const inPool = (rows: Rows[]): string =>
  (
    rows.filter((r) => !r.hidden && r.labels.includes(1)).length / rows.filter((r) => !r.hidden).length
  ).toFixed(3);
console.log(
  `query vectors: ${queryKind}; dense pool ${densePool}; candidates: train ${trainRows.reduce((s, r) => s + r.docs.length, 0)}, dev ${devRows.reduce((s, r) => s + r.docs.length, 0)}; gold in pool: train ${inPool(trainRows)}, dev ${inPool(devRows)} (${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU)`,
);

const SHIPPED = Object.keys((base ? DENSE_MODEL : DEFAULT_MODEL).weights);
const fieldFeatures = (...names: string[]): string[] =>
  names.flatMap((n) => [`${n}.cover`, `${n}.rel`, `${n}.claimCover`]);
const SETS: Record<string, string[]> = {
  shipped: SHIPPED,
  rr: [...SHIPPED, 'dense.rr'],
  lr: [...SHIPPED, 'dense.lr'],
  z: [...SHIPPED, 'dense.z'],
  'rr+z': [...SHIPPED, 'dense.rr', 'dense.z'],
  'lex-lr': [...SHIPPED, 'char.lr', 'word.lr'],
  'rr+lex-lr': [...SHIPPED, 'dense.rr', 'char.lr', 'word.lr'],
  parts: [...SHIPPED, 'headline.cos', 'headline.rel', 'claim.cos', 'claim.rel'],
  'parts-only': [
    ...SHIPPED.filter((f) => !f.startsWith('dense.')),
    'headline.cos',
    'headline.rel',
    'claim.cos',
    'claim.rel',
  ],
  'parts+rr': [...SHIPPED, 'dense.rr', 'headline.cos', 'headline.rel', 'claim.cos', 'claim.rel'],
  'h-parts': [...SHIPPED, 'headline.cos', 'headline.rel'],
  'c-parts': [...SHIPPED, 'claim.cos', 'claim.rel'],
  'h-lex': [...SHIPPED, ...fieldFeatures('hchar', 'hword')],
  'c-lex': [...SHIPPED, ...fieldFeatures('cchar', 'cword')],
  'hc-lex': [...SHIPPED, ...fieldFeatures('hchar', 'hword', 'cchar', 'cword')],
  'hchar-lex': [...SHIPPED, ...fieldFeatures('hchar')],
  'hword-lex': [...SHIPPED, ...fieldFeatures('hword')],
  'parts+h-lex': [
    ...SHIPPED,
    'headline.cos',
    'headline.rel',
    'claim.cos',
    'claim.rel',
    ...fieldFeatures('hchar', 'hword'),
  ],
};
const setNames = opt('--sets')?.split(',') ?? Object.keys(SETS);
const devNames = new Set(opt('--dev')?.split(',') ?? []);

const weightNames = new Set(opt('--weights')?.split(',') ?? []);
function fit(rows: Rows[], names: string[], print = false): (x: Record<string, number>) => number {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const r of rows)
    r.x.forEach((f, i) => {
      xs.push(names.map((n) => f[n] ?? 0));
      ys.push(r.labels[i]!);
    });
  const m = fitLogistic(xs, ys, { l2: 1e-6 });
  if (print)
    console.log(
      `  bias ${m.bias.toPrecision(3)}, ${names.map((n, j) => `'${n}': ${m.weights[j]!.toPrecision(3)}`).join(', ')}`,
    );
  return (f) => names.reduce((z, n, j) => z + m.weights[j]! * (f[n] ?? 0), m.bias);
}
/** Ranked docs per query id of the indexed rows, by a model's logit (ties by index). */
function rank(rows: Rows[], score: (x: Record<string, number>) => number, into: Map<string, number[]>): void {
  for (const r of rows) {
    if (r.hidden) continue;
    const s = r.x.map(score);
    const order = r.docs.map((_, i) => i).sort((a, b) => s[b]! - s[a]! || r.docs[a]! - r.docs[b]!);
    into.set(
      r.qid,
      order.map((i) => r.docs[i]!),
    );
  }
}

// Per tweet AP@5 of the first set, so each later set says on how many tweets it is better / worse
// (one train tweet is 0.00125 of MAP@5: a sign test reads the difference better than the mean).
let firstAp: Map<string, number> | undefined;
const apOf = (ranked: Map<string, number[]>): Map<string, number> =>
  new Map(
    splits.train.map((q) => [q.id, data.evaluate([q], golds.train, (x) => ranked.get(x.id) ?? []).map5]),
  );
console.log(
  '| features | train 5-fold CV MAP@5 | P@1 | MRR@5 | tweets better / worse than the first set | dev MAP@5 | dev P@1 | dev MRR@5 |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
const foldOf = new Map(splits.train.map((q, i) => [q.id, i % 5]));
const fold = (qid: string): number => foldOf.get(qid)!;
for (const name of setNames) {
  const names = SETS[name];
  if (!names) throw new Error(`--sets: no set ${name} (${Object.keys(SETS).join(', ')})`);
  if (names.some((n) => trainRows[0]!.x[0]![n] === undefined)) {
    console.log(`| ${name} | (features missing: run with --parts or --lex-parts) | | | | | | |`);
    continue;
  }
  const ranked = new Map<string, number[]>();
  for (let k = 0; k < 5; k++) {
    const model = fit(
      trainRows.filter((r) => fold(r.qid) !== k),
      names,
    );
    rank(
      trainRows.filter((r) => fold(r.qid) === k),
      model,
      ranked,
    );
  }
  const cv = data.evaluate(splits.train, golds.train, (q) => ranked.get(q.id) ?? []);
  const ap = apOf(ranked);
  firstAp ??= ap;
  let better = 0;
  let worse = 0;
  for (const [q, a] of ap) {
    const b = firstAp.get(q)!;
    if (a > b + 1e-12) better++;
    else if (a < b - 1e-12) worse++;
  }
  let dev = '| | |';
  if (devNames.has(name)) {
    const devRanked = new Map<string, number[]>();
    rank(devRows, fit(trainRows, names, weightNames.has(name)), devRanked);
    const s = data.evaluate(splits.dev, golds.dev, (q) => devRanked.get(q.id) ?? []);
    dev = `${s.map5.toFixed(4)} | ${s.p1.toFixed(4)} | ${s.mrr5.toFixed(4)} |`;
  }
  if (weightNames.has(name) && !devNames.has(name)) fit(trainRows, names, true);
  console.log(
    `| ${name} | ${cv.map5.toFixed(4)} | ${cv.p1.toFixed(4)} | ${cv.mrr5.toFixed(4)} | ${better} / ${worse} | ${dev}`,
  );
}
