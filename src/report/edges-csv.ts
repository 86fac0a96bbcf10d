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

/** Normalises the pair order and sorts; returns new edge objects. */
export function orderedEdges(edges: readonly Edge[]): Edge[] {
  return edges
    .map((e) => (byteCompare(e.a, e.b) <= 0 ? e : { ...e, a: e.b, b: e.a }))
    .sort((x, y) => byteCompare(x.a, y.a) || byteCompare(x.b, y.b) || byteCompare(x.behaviour, y.behaviour));
}

/** `sorted`: the edges are already `orderedEdges` output. */
export function* edgesCsv(edges: readonly Edge[], sorted = false): Generator<string> {
  yield csvRow(EDGE_COLUMNS);
  yield* edgeRows(edgeColumns(sorted ? edges : orderedEdges(edges)));
}
