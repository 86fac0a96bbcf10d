/**
 * edges.csv: one row per account pair and behaviour (docs/OUTPUTS.md). account_a < account_b by UTF-8
 * byte order, rows sorted by (account_a, account_b, behaviour) so files diff cleanly.
 */
import type { Edge } from '../core/result.js';
import { byteCompare, csvCell, csvRow, isoTime } from './csv.js';

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

/** A number cell as csvCell writes it (numbers never need quotes), without the generic dispatch. */
const numCell = (v: number | undefined): string => (v === undefined ? '' : String(v));

/**
 * `sorted`: the edges are already `orderedEdges` output. Rows are built by one template per edge
 * rather than csvRow over a 14-cell array: only the three string cells can need quoting.
 */
export function* edgesCsv(edges: readonly Edge[], sorted = false): Generator<string> {
  yield csvRow(EDGE_COLUMNS);
  for (const e of sorted ? edges : orderedEdges(edges)) {
    yield `${csvCell(e.a)},${csvCell(e.b)},${csvCell(e.behaviour)},${numCell(e.weight)},${numCell(e.coActions)},${numCell(e.objects)},${numCell(e.expected)},${numCell(e.pValue)},${numCell(e.qValue)},${isoTime(e.first)},${isoTime(e.last)},${csvCell(e.test)},${numCell(e.observed)},${numCell(e.lag)}\r\n`;
  }
}
