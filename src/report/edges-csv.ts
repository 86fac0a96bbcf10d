/**
 * edges.csv: one row per account pair and behaviour (docs/OUTPUTS.md). account_a < account_b by UTF-8
 * byte order, rows sorted by (account_a, account_b, behaviour) so files diff cleanly.
 */
import type { Edge } from '../core/result.js';
import { byteCompare, csvRow, isoTime } from './csv.js';

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

export function* edgesCsv(edges: readonly Edge[]): Generator<string> {
  yield csvRow(EDGE_COLUMNS);
  for (const e of orderedEdges(edges)) {
    yield csvRow([
      e.a,
      e.b,
      e.behaviour,
      e.weight,
      e.coActions,
      e.objects,
      e.expected,
      e.pValue,
      e.qValue,
      isoTime(e.first),
      isoTime(e.last),
      e.test,
      e.observed,
      e.lag,
    ]);
  }
}
