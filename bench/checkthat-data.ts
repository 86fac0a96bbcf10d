/**
 * The CheckThat! 2020 Task 2 English data (tweets → Snopes fact-checked claims; Shaar et al., ACL 2020)
 * as the fact-check benches read it, and the task's scoring. The data is research-use only: read from
 * the shared data directory, never copied into the repository (its SOURCE.md).
 *
 * Scoring follows the task: MAP@5 (precision at each relevant rank ≤ 5 over the number of relevant),
 * P@1 and MRR@5, with near-duplicate claims (claim-dups.tsv: differing only in case/punctuation)
 * collapsed into one, since the gold names one id of a group.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FactCheck } from '../src/factcheck/types.js';
import { sharedPath } from '../src/test-helpers/shared-dir.js';

export interface Claim {
  id: string;
  title: string;
  claim: string;
}
export interface Query {
  id: string;
  text: string;
}
export interface Scores {
  map5: number;
  p1: number;
  mrr5: number;
}

export interface CheckThat {
  dir: string;
  claims: Claim[];
  /** The claims as fact checks, in the same order (url/key `checkthat:ID`). */
  factChecks: FactCheck[];
  /** A claim's duplicate group (its own id when it has no twin). */
  groupOf: (id: string) => string;
  queries(split: 'train' | 'dev'): Query[];
  /** Query id → the gold claim groups. */
  gold(split: 'train' | 'dev'): Map<string, Set<string>>;
  /** Indexes of the claims in these groups (to hide a tweet's true claims). */
  indexesOf: (groups: ReadonlySet<string>) => Set<number>;
  /** The task's scores of ranked claim indexes (`rank(query)` best first; repeats of a group skipped). */
  evaluate(queries: readonly Query[], gold: Map<string, Set<string>>, rank: (q: Query) => number[]): Scores;
}

/** The data, or undefined when the shared directory does not hold it (the benches then skip). */
export function checkThat(): CheckThat | undefined {
  const dir = sharedPath('data', 'checkthat2020');
  if (!existsSync(`${dir}/claims.jsonl`)) return undefined;
  const jsonl = <T>(file: string): T[] =>
    readFileSync(`${dir}/${file}`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as T);
  const claims = jsonl<Claim>('claims.jsonl');
  const group = new Map<string, string>();
  for (const line of readFileSync(`${dir}/claim-dups.tsv`, 'utf8').split('\n').slice(1)) {
    const [c, g] = line.trim().split('\t');
    if (c && g) group.set(c, g);
  }
  const groupOf = (id: string): string => group.get(id) ?? id;
  const gold = (split: string): Map<string, Set<string>> => {
    const m = new Map<string, Set<string>>();
    for (const line of readFileSync(`${dir}/qrels-${split}.tsv`, 'utf8').split('\n')) {
      const [q, , c] = line.trim().split(/\s+/);
      if (!q || c === undefined) continue;
      const s = m.get(q) ?? new Set<string>();
      s.add(groupOf(c));
      m.set(q, s);
    }
    return m;
  };
  return {
    dir,
    claims,
    factChecks: claims.map((c) => ({
      url: `checkthat:${c.id}`,
      key: `checkthat:${c.id}`,
      claim: c.claim,
      headline: c.title,
      verdict: 'unknown',
      appearances: [],
    })),
    groupOf,
    queries: (split) => jsonl<Query>(`queries-${split}.jsonl`),
    gold,
    indexesOf: (groups) => {
      const out = new Set<number>();
      claims.forEach((c, i) => {
        if (groups.has(groupOf(c.id))) out.add(i);
      });
      return out;
    },
    evaluate(queries, goldOf, rank) {
      let map = 0;
      let p1 = 0;
      let mrr = 0;
      let n = 0;
      for (const q of queries) {
        const relGroups = goldOf.get(q.id);
        if (!relGroups) continue;
        n++;
        const seen = new Set<string>();
        const ranked: string[] = [];
        for (const d of rank(q)) {
          const g = groupOf(claims[d]!.id);
          if (seen.has(g)) continue;
          seen.add(g);
          ranked.push(g);
          if (ranked.length === 5) break;
        }
        let hits = 0;
        let ap = 0;
        ranked.forEach((g, i) => {
          if (!relGroups.has(g)) return;
          hits++;
          ap += hits / (i + 1);
          if (hits === 1) mrr += 1 / (i + 1);
          if (i === 0) p1++;
        });
        map += ap / relGroups.size;
      }
      return { map5: map / n, p1: p1 / n, mrr5: mrr / n };
    },
  };
}
