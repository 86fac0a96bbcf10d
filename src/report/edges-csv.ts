/**
 * edges.csv: one row per account pair and behaviour (docs/OUTPUTS.md). account_a < account_b by UTF-8
 * byte order, rows sorted by (account_a, account_b, behaviour) so files diff cleanly. Rows are
 * formatted from columns (edge-columns.ts) so that a worker thread can write them
 * (edges-csv-in-worker.ts, edges-file.ts).
 */
import type { Edge } from '../core/result.js';
import { byteCompare, csvRow } from './csv.js';
import { edgeColumns, edgeRows } from './edge-columns.js';

export const EDGE_COLUMNS = [
  'account_a',
  'account_b',
  'behaviour',
  'weight',
  'co_actions',
  'objects',
  'expected',
  'p_value',
  'q_value',
  'first',
  'last',
  'test',
  'observed',
  'lag',
] as const;

/**
 * Normalises the pair order and sorts by (a, b, behaviour) in UTF-8 byte order, stably; returns new
 * edge objects. The distinct ids and behaviours are ranked once with byteCompare, then the edges are
 * ordered by their ranks with three stable counting sorts (least significant key first): O(E + V)
 * after O(V log V) string comparisons, where comparing the strings of ~5M edge pairs took ~2.5 s at
 * 300,000 edges in detect's order (bench/RESULTS.md, h-out session 19).
 */
export function orderedEdges(edges: readonly Edge[]): Edge[] {
  const pairs = edges.map((e) => (byteCompare(e.a, e.b) <= 0 ? e : { ...e, a: e.b, b: e.a }));
  const ids = new Map<string, number>();
  const behaviours = new Map<string, number>();
  for (const e of pairs) {
    ids.set(e.a, 0);
    ids.set(e.b, 0);
    behaviours.set(e.behaviour, 0);
  }
  const n = pairs.length;
  const rankOf = (ranks: Map<string, number>, key: (e: Edge) => string): Int32Array => {
    [...ranks.keys()].sort(byteCompare).forEach((k, i) => ranks.set(k, i));
    const r = new Int32Array(n);
    for (let i = 0; i < n; i++) r[i] = ranks.get(key(pairs[i]!))!;
    return r;
  };
  let order: Int32Array = new Int32Array(n).map((_, i) => i);
  order = countingSort(
    order,
    rankOf(behaviours, (e) => e.behaviour),
    behaviours.size,
  );
  const byA = rankOf(ids, (e) => e.a);
  order = countingSort(
    order,
    rankOf(ids, (e) => e.b),
    ids.size,
  );
  order = countingSort(order, byA, ids.size);
  return Array.from(order, (i) => pairs[i]!);
}

/** `order` stably sorted by `key[i]` ∈ [0, range): one counting pass (Knuth, TAOCP vol. 3, 5.2). */
function countingSort(order: Int32Array, key: Int32Array, range: number): Int32Array {
  const start = new Int32Array(range + 1);
  for (const i of order) start[key[i]! + 1]!++;
  for (let k = 1; k <= range; k++) start[k]! += start[k - 1]!;
  const out = new Int32Array(order.length);
  for (const i of order) out[start[key[i]!]!++] = i;
  return out;
}

/** `sorted`: the edges are already `orderedEdges` output. */
export function* edgesCsv(edges: readonly Edge[], sorted = false): Generator<string> {
  yield csvRow(EDGE_COLUMNS);
  yield* edgeRows(edgeColumns(sorted ? edges : orderedEdges(edges)));
}
