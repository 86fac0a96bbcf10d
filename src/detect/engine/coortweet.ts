/**
 * CooRTweet parity: reproduces `detect_groups` + `generate_coordinated_network` of CooRTweet 2.1.3
 * (Righetti & Balluff; R/detect_groups.R, R/calc_group_combinations.R,
 * R/generate_coordinated_network.R) pair for pair, on one behaviour's rows:
 *   0. duplicate (object, account, content, time) rows are removed, first kept;
 *   1. accounts with fewer than `minParticipation` rows are dropped (all rows of the behaviour);
 *   2. per object, every unordered pair of rows whose times differ by ≤ window (inclusive);
 *   3. a pair is dropped when a content id is missing, the object id equals either content id, both
 *      content ids are equal, or both rows are by the same account (`do_remove_loops`);
 *   4. refinement (`filter_min_participation`): over the rows (of step 1) whose content ids occur in a
 *      surviving pair, rows are counted per account; content ids of accounts with ≥ minParticipation
 *      such rows are kept; a pair survives when either of its content ids is kept;
 *   5. edge weight = surviving row pairs per unordered account pair.
 *
 * Cost: O(n log n) to order rows, then O(P) for the P within-window row pairs (quadratic in the rows of
 * an object inside one window: parity mode has no viral guard, exactly like CooRTweet); memory
 * 8 bytes per surviving pair + the pair table.
 */
import type { ActionTable, PostColumns } from './actions.js';
import { GrowableInt32 } from '../../core/growable.js';
import { PairTable } from './pair-table.js';
import { orderByObjectTime } from './sort.js';

export interface ParityDiagnostics {
  rows: number;
  duplicateRows: number;
  rowsAfterPrefilter: number;
  candidatePairs: number;
  pairsAfterLoops: number;
  pairsAfterRefinement: number;
}

export interface ParityResult {
  pairs: PairTable;
  diagnostics: ParityDiagnostics;
}

/**
 * Each object's id as a content id (−1 when no post has that id), for step 3's "object id equals a
 * content id" rule, compared as raw strings as CooRTweet compares them (sql/duckdb-parity.ts too).
 */
export function objectsAsContent(table: ActionTable, columns: PostColumns): Int32Array {
  const out = new Int32Array(table.objects.size);
  for (let o = 0; o < out.length; o++) out[o] = columns.postIds.get(table.objects.str(o));
  return out;
}

export function coortweetPairs(
  table: ActionTable,
  columns: PostColumns,
  window: number,
  minParticipation: number,
): ParityResult {
  const n = table.object.length;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = columns.time[table.post[i]!]!;
  const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
  const account = (r: number): number => columns.account[table.post[r]!]!;
  const content = (r: number): number => columns.content[table.post[r]!]!;

  // 0. duplicates share object and time, so they sit together in `order`.
  const live = new Uint8Array(n).fill(1);
  let duplicateRows = 0;
  for (let s = 0; s < n;) {
    let e = s + 1;
    const o = table.object[order[s]!]!;
    while (e < n && table.object[order[e]!] === o && time[order[e]!] === time[order[s]!]) e++;
    for (let i = s + 1; i < e; i++) {
      const ri = order[i]!;
      for (let j = s; j < i; j++) {
        const rj = order[j]!;
        if (live[rj] && account(rj) === account(ri) && content(rj) === content(ri)) {
          live[ri] = 0;
          duplicateRows++;
          break;
        }
      }
    }
    s = e;
  }

  // 1. pre-filter accounts by their row count.
  const perAccount = new Int32Array(columns.accounts.size);
  for (let r = 0; r < n; r++) if (live[r]) perAccount[account(r)]! += 1;
  let rowsAfterPrefilter = 0;
  for (let r = 0; r < n; r++) {
    if (live[r] && perAccount[account(r)]! < minParticipation) live[r] = 0;
    if (live[r]) rowsAfterPrefilter++;
  }

  const objectAsContent = objectsAsContent(table, columns);

  // 2 + 3. window sweep per object.
  const left = new GrowableInt32(1 << 12);
  const right = new GrowableInt32(1 << 12);
  let candidatePairs = 0;
  for (let o = 0; o < table.objects.size; o++) {
    const s = starts[o]!;
    const e = starts[o + 1]!;
    if (e - s < 2) continue;
    const oc = objectAsContent[o]!;
    for (let i = s; i < e; i++) {
      const ri = order[i]!;
      if (!live[ri]) continue;
      const ti = time[ri]!;
      const ai = account(ri);
      const ci = content(ri);
      for (let j = i + 1; j < e; j++) {
        const rj = order[j]!;
        if (time[rj]! - ti > window) break;
        if (!live[rj]) continue;
        candidatePairs++;
        const cj = content(rj);
        if (ci < 0 || cj < 0 || ci === cj || ci === oc || cj === oc) continue;
        if (account(rj) === ai) continue;
        left.push(ri);
        right.push(rj);
      }
    }
  }
  const pairsAfterLoops = left.length;
  const L = left.toArray();
  const R = right.toArray();

  // 4. refinement.
  let keep: (i: number) => boolean = () => true;
  if (minParticipation >= 1) {
    const inPairs = new Uint8Array(columns.postIds.size);
    for (let k = 0; k < L.length; k++) {
      inPairs[content(L[k]!)] = 1;
      inPairs[content(R[k]!)] = 1;
    }
    const counts = new Int32Array(columns.accounts.size);
    for (let r = 0; r < n; r++) {
      const c = content(r);
      if (live[r] && c >= 0 && inPairs[c]) counts[account(r)]! += 1;
    }
    const kept = new Uint8Array(columns.postIds.size);
    for (let r = 0; r < n; r++) {
      const c = content(r);
      if (live[r] && c >= 0 && inPairs[c] && counts[account(r)]! >= minParticipation) kept[c] = 1;
    }
    keep = (k) => kept[content(L[k]!)] === 1 || kept[content(R[k]!)] === 1;
  }

  // 5. weights.
  const pairs = new PairTable(Math.max(16, L.length >> 2));
  let pairsAfterRefinement = 0;
  for (let k = 0; k < L.length; k++) {
    if (!keep(k)) continue;
    pairsAfterRefinement++;
    const ri = L[k]!;
    const rj = R[k]!;
    pairs.add(account(ri), account(rj), 1, table.object[ri]!, Math.min(time[ri]!, time[rj]!));
  }
  return {
    pairs,
    diagnostics: {
      rows: n,
      duplicateRows,
      rowsAfterPrefilter,
      candidatePairs,
      pairsAfterLoops,
      pairsAfterRefinement,
    },
  };
}
