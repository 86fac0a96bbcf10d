/**
 * Recall of near-duplicate grouping (src/detect/similar) on constructed pairs of known Jaccard
 * similarity: 20 distinct words and a copy whose last c words changed (word-bigram J = (19 − c)/(19 + c)).
 * Prints the share of pairs grouped per scheme and k at threshold 0.7; pairs below the threshold must
 * show 0 (verification is exact).
 *
 *   node --import tsx bench/similar-recall.ts [pairs=3000]
 */
import { nearDuplicateGroups } from '../src/detect/similar/index.js';

const pairs = Number(process.argv[2] ?? 3000);
for (const c of [1, 2, 3, 4]) {
  const texts: string[] = [];
  for (let p = 0; p < pairs; p++) {
    const words = Array.from({ length: 20 }, (_, i) => `p${p}w${i}`);
    texts.push(words.join(' '), words.map((w, i) => (i >= 20 - c ? `${w}x` : w)).join(' '));
  }
  const j = (19 - c) / (19 + c);
  const row: string[] = [];
  for (const [hashes, scheme] of [
    [32, 'densified'],
    [64, 'densified'],
    [64, 'minhash'],
  ] as const) {
    const g = nearDuplicateGroups(texts, { threshold: 0.7, hashes, scheme, normalised: true });
    let found = 0;
    for (let p = 0; p < pairs; p++) if (g[2 * p] !== -1 && g[2 * p] === g[2 * p + 1]) found++;
    row.push(`k=${hashes} ${scheme}: ${(found / pairs).toFixed(3)}`);
  }
  console.log(`J=${j.toFixed(3)}  ${row.join('   ')}`);
}
