/**
 * Matching quality on CheckThat! 2020 Task 2 English (tweets → Snopes fact-checked claims; Shaar et
 * al., ACL 2020). The data is research-use only and read from the shared data directory, never
 * copied into the repository; without it the bench says so and exits 0.
 *
 * Reports MAP@5 (the task's metric), P@1 and MRR@5 on dev with near-duplicate claims collapsed
 * (claim-dups.tsv: claims differing only in case/punctuation count as one), for each field alone and
 * the fused re-ranker. `--fit` refits the re-ranker's logistic regression on *train* only and prints
 * its weights (the numbers in src/factcheck/rerank.ts); dev is never used to fit or tune. Each
 * train tweet is used twice, once with its true claims hidden, so the fit sees posts that match
 * nothing. Also prints, on the chosen split, precision and recall of "top match ≥ threshold" for
 * tweets whose claim is indexed and the false-alarm rate for the same tweets with it hidden.
 *
 *   node --import tsx bench/factcheck-quality.ts [--fit] [--split dev|train] [--extra-fields | --prefix]
 *                                               [--pairs] [--media] [--k1 K1] [--b B]
 *
 * `--extra-fields` adds character 3- and 5-grams, per-source (claim, headline) 4-grams and word
 * bigrams to the default two fields, to measure what more fields buy (fit with --fit); `--prefix`
 * adds 5-character word prefixes instead. The matcher computes the pair features of numbers and
 * length itself (matcher.ts); `--pairs` adds one more here, not in the matcher (an experiment): the
 * share of the tweet's capitalised words (a named-entity proxy) found in the claim. `--k1`/`--b` set BM25's
 * parameters for every field (choose them on `--split train`). `--media` (with `--pairs`) adds one more
 * pair feature: the tweet links a photo or video and the claim speaks of one. A reciprocal-rank-fusion
 * row (char + word) is always printed beside the fitted re-ranker.
 */
import { DEFAULT_BM25 } from '../src/factcheck/bm25.js';
import { DEFAULT_FIELDS, FactCheckMatcher } from '../src/factcheck/matcher.js';
import type { Candidate, FieldSpec } from '../src/factcheck/matcher.js';
import { normalise, words } from '../src/factcheck/text.js';
import { logit } from '../src/factcheck/rerank.js';
import type { RerankModel } from '../src/factcheck/rerank.js';
import { fitLogistic } from './factcheck-logistic.js';
import { loadDense } from './factcheck-dense.js';
import { checkThat } from './checkthat-data.js';
import type { Query } from './checkthat-data.js';

const data = checkThat();
if (!data) {
  console.log(
    'skipped: the CheckThat! 2020 data is absent (it is not redistributed; bench/checkthat-data.ts)',
  );
  process.exit(0);
}
const { claims, factChecks, groupOf, indexesOf } = data;
const args = process.argv.slice(2);
const fit = args.includes('--fit');
const numberArg = (name: string, fallback: number): number =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const BM25 = { ...DEFAULT_BM25, k1: numberArg('--k1', DEFAULT_BM25.k1), b: numberArg('--b', DEFAULT_BM25.b) };
const split = args.includes('--split') && args[args.indexOf('--split') + 1] === 'train' ? 'train' : 'dev';

const BASE: FieldSpec[] = DEFAULT_FIELDS.map((f) => ({ ...f, bm25: BM25 }));
const EXTRA: FieldSpec[] = [
  { name: 'char3', source: 'all', unit: 'char', n: 3, bm25: BM25, pool: false },
  { name: 'char5', source: 'all', unit: 'char', n: 5, bm25: BM25, pool: false },
  { name: 'claim4', source: 'claim', unit: 'char', n: 4, bm25: BM25, pool: false },
  { name: 'headline4', source: 'headline', unit: 'char', n: 4, bm25: BM25, pool: false },
  { name: 'bigram', source: 'all', unit: 'bigram', bm25: { ...BM25, maxDfRatio: 1 }, pool: false },
];
/** 5-character word prefixes (truncation stemming, McNamee, Nicholas & Mayfield, SIGIR 2009), scoring the pool only. */
const PREFIX: FieldSpec = {
  name: 'prefix5',
  source: 'all',
  unit: 'prefix',
  n: 5,
  bm25: BM25,
  pool: false,
};
const fields = args.includes('--extra-fields')
  ? [...BASE, ...EXTRA]
  : args.includes('--prefix')
    ? [...BASE, PREFIX]
    : BASE;
/** `--dense DIR`: sentence embeddings of claims and tweets (bench/factcheck-embed.ts wrote them). */
const denseDir = args.includes('--dense') ? args[args.indexOf('--dense') + 1] : undefined;
const dense =
  denseDir === undefined
    ? undefined
    : loadDense(
        denseDir,
        claims.map((c) => c.id),
      );
const pairs = args.includes('--pairs');
const claimWords = claims.map((c) => new Set(words(normalise(`${c.claim} ${c.title}`))));
/** `--media`: the tweet carries a picture or video link and the claim is about a photo or video. */
const media = args.includes('--media');
const MEDIA_LINK_RE = /pic\.twitter\.com|youtu\.?be|\bvideo\b/i;
const MEDIA_WORD_RE = /\b(?:video|photo|photograph|image|picture|footage|clip)s?\b/i;
const claimMedia = claims.map((c) => MEDIA_WORD_RE.test(`${c.claim} ${c.title}`));

/** The matcher's candidates, with the `--pairs` features added. */
function candidatesOf(text: string, exclude?: ReadonlySet<number>): Candidate[] {
  const cands = matcher.candidates({ text, vector: dense?.queries.get(text) }, exclude);
  if (!pairs) return cands;
  const caps = new Set((text.match(/(?<=[\s"'(#@])[A-Z][a-zA-Z]{2,}/g) ?? []).map((w) => normalise(w)));
  const tweetMedia = MEDIA_LINK_RE.test(text);
  for (const c of cands) {
    const cw = claimWords[c.doc]!;
    c.features['pair.names'] = caps.size ? [...caps].filter((x) => cw.has(x)).length / caps.size : 0;
    if (media) c.features['pair.media'] = tweetMedia && claimMedia[c.doc]! ? 1 : 0;
  }
  return cands;
}

const t0 = process.hrtime.bigint();
const matcher = new FactCheckMatcher(factChecks, { fields, ...(dense ? { dense: dense.index } : {}) });
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;

function ranker(by: string | RerankModel): (text: string) => number[] {
  return (text) => {
    const cands = candidatesOf(text);
    const score = (c: (typeof cands)[number]): number =>
      typeof by === 'string' ? (c.features[by] ?? 0) : logit(by, c.features);
    return cands.sort((a, b) => score(b) - score(a) || a.doc - b.doc).map((c) => c.doc);
  };
}

/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): Σ over the fields of
 * 1 / (c + rank in that field), ranks taken among the pooled candidates; c = 60 as in the paper.
 */
function rrfRanker(fieldsByName: readonly string[], c = 60): (text: string) => number[] {
  return (text) => {
    const cands = candidatesOf(text);
    const fused = new Map<number, number>();
    for (const f of fieldsByName) {
      const order = [...cands].sort((a, b) => (b.features[f] ?? 0) - (a.features[f] ?? 0) || a.doc - b.doc);
      order.forEach((x, r) => fused.set(x.doc, (fused.get(x.doc) ?? 0) + 1 / (c + r + 1)));
    }
    return [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([d]) => d);
  };
}

let model: RerankModel = matcher.options.model;
if (fit) {
  const train = data.queries('train');
  const gold = data.gold('train');
  const xs: number[][] = [];
  const ys: number[] = [];
  let names: string[] = [];
  for (const q of train) {
    const relGroups = gold.get(q.id);
    if (!relGroups) continue;
    // Each tweet twice: as it is, and with its true claims hidden (a post with no fact check), so
    // the scores stay calibrated on the stream a desk sees, where most posts match nothing.
    const hidden = indexesOf(relGroups);
    for (const exclude of [undefined, hidden])
      for (const c of candidatesOf(q.text, exclude)) {
        if (names.length === 0)
          names = Object.keys(c.features)
            .filter((f) => f !== 'url')
            .sort();
        xs.push(names.map((f) => c.features[f] ?? 0));
        ys.push(relGroups.has(groupOf(claims[c.doc]!.id)) ? 1 : 0);
      }
  }
  const { bias, weights } = fitLogistic(xs, ys, { l2: 1e-6 });
  model = { bias, weights: Object.fromEntries(names.map((f, i) => [f, weights[i]!])) };
  console.log(`fitted on train (${xs.length} candidates, ${ys.filter((y) => y === 1).length} positive):`);
  console.log(JSON.stringify(model));
}

const queries = data.queries(split);
const gold = data.gold(split);
console.log(
  `${split}: ${queries.length} tweets, ${claims.length} claims; index built in ${buildMs.toFixed(0)} ms`,
);
console.log('| ranking | MAP@5 | P@1 | MRR@5 |');
console.log('|---|--:|--:|--:|');
for (const [name, r] of [
  ['char 4-gram BM25 alone', ranker('char.cover')],
  ['word BM25 alone', ranker('word.cover')],
  ...(dense ? ([['sentence embeddings alone (cosine)', ranker('dense.cos')]] as const) : []),
  ['fused re-ranker', ranker(model)],
  ['reciprocal rank fusion, char + word (c = 60)', rrfRanker(['char.cover', 'word.cover'])],
] as const) {
  const s = data.evaluate(queries, gold, (q: Query) => r(q.text));
  console.log(`| ${name} | ${s.map5.toFixed(4)} | ${s.p1.toFixed(4)} | ${s.mrr5.toFixed(4)} |`);
}

// Calibration: the top match's probability, thresholded, for tweets whose claim is indexed (a hit is
// the right claim group) and for the same tweets with their claims hidden (any match is a false alarm).
console.log(
  '\n| threshold | top match right (claim indexed) | top match wrong | false alarm (claim hidden) |',
);
console.log('|--:|--:|--:|--:|');
const tops: { right: boolean; p: number; hiddenP: number }[] = [];
for (const q of queries) {
  const relGroups = gold.get(q.id);
  if (!relGroups) continue;
  const hidden = indexesOf(relGroups);
  const best = (cands: Candidate[]) =>
    cands.reduce<(typeof cands)[number] | undefined>(
      (b, c) => (b && logit(model, b.features) >= logit(model, c.features) ? b : c),
      undefined,
    );
  const shown = best(candidatesOf(q.text));
  const hid = best(candidatesOf(q.text, hidden));
  const p = (c: typeof shown): number => (c ? 1 / (1 + Math.exp(-logit(model, c.features))) : 0);
  tops.push({
    right: shown !== undefined && relGroups.has(groupOf(claims[shown.doc]!.id)),
    p: p(shown),
    hiddenP: p(hid),
  });
}
for (const t of [0.3, 0.5, 0.7, 0.9]) {
  const n = tops.length;
  const right = tops.filter((x) => x.p >= t && x.right).length;
  const wrong = tops.filter((x) => x.p >= t && !x.right).length;
  const alarms = tops.filter((x) => x.hiddenP >= t).length;
  console.log(`| ${t} | ${right}/${n} | ${wrong}/${n} | ${alarms}/${n} |`);
}
// The same at equal false alarms: the threshold each model needs to raise at most F false alarms
// (F = 2, 5, 10, 20 % of the tweets), and the right top matches it keeps — comparable across models
// whatever their calibration.
console.log('\n| false alarms ≤ (claim hidden) | threshold | top match right | top match wrong |');
console.log('|--:|--:|--:|--:|');
const hiddenDesc = tops.map((x) => x.hiddenP).sort((a, b) => b - a);
for (const share of [0.02, 0.05, 0.1, 0.2]) {
  const n = tops.length;
  const f = Math.floor(share * n);
  // Strictly above the (f+1)-th highest hidden score: at most f false alarms.
  const t = hiddenDesc[f] ?? 0;
  const right = tops.filter((x) => x.p > t && x.right).length;
  const wrong = tops.filter((x) => x.p > t && !x.right).length;
  const alarms = tops.filter((x) => x.hiddenP > t).length;
  console.log(`| ${alarms}/${n} | ${t.toFixed(3)} | ${right}/${n} | ${wrong}/${n} |`);
}
