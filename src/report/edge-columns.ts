/**
 * edges.csv's rows as columns: typed arrays that cross to a worker thread by transfer (no structured
 * clone of one object per edge), and the one formatter of edges.csv rows, used in the calling thread
 * and in the worker alike (edges-csv.ts, edges-csv-worker.ts). Cost: 13 numbers and 4 bytes of flags
 * per edge (≈ 110 bytes), plus each distinct account id once.
 */
import { BEHAVIOURS } from '../core/behaviour.js';
import type { Edge } from '../core/result.js';
import { csvCell, isoTime } from './csv.js';
import { gexfEdge } from './gexf-edge.js';
import { xmlEscape } from './xml-escape.js';

const TESTS = [undefined, 'count', 'lag'] as const;

/** The optional numeric cells and their bit in {@link EdgeColumns.present} (set when the cell is). */
const HAS = { expected: 1, pValue: 2, qValue: 4, observed: 8, lag: 16 } as const;
const OPTIONAL = Object.keys(HAS) as (keyof typeof HAS)[];

export interface EdgeColumns {
  /** Distinct account ids, as edges.csv cells (quoted where needed). */
  cells: string[];
  /** The same ids escaped for graph.gexf. */
  xmlIds: string[];
  a: Int32Array;
  b: Int32Array;
  /** Index into BEHAVIOURS. */
  behaviour: Uint8Array;
  /** Index into TESTS (0 = none). */
  test: Uint8Array;
  present: Uint8Array;
  weight: Float64Array;
  coActions: Float64Array;
  objects: Float64Array;
  expected: Float64Array;
  pValue: Float64Array;
  qValue: Float64Array;
  first: Float64Array;
  last: Float64Array;
  observed: Float64Array;
  lag: Float64Array;
}

/** `edges` in the order given (edges.csv's: `orderedEdges`). */
export function edgeColumns(edges: readonly Edge[]): EdgeColumns {
  const n = edges.length;
  const f64 = (): Float64Array => new Float64Array(n);
  const c: EdgeColumns = {
    cells: [],
    xmlIds: [],
    a: new Int32Array(n),
    b: new Int32Array(n),
    behaviour: new Uint8Array(n),
    test: new Uint8Array(n),
    present: new Uint8Array(n),
    weight: f64(),
    coActions: f64(),
    objects: f64(),
    expected: f64(),
    pValue: f64(),
    qValue: f64(),
    first: f64(),
    last: f64(),
    observed: f64(),
    lag: f64(),
  };
  const index = new Map<string, number>();
  const cellOf = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = c.cells.length;
      index.set(id, i);
      c.cells.push(csvCell(id));
      c.xmlIds.push(xmlEscape(id));
    }
    return i;
  };
  for (let i = 0; i < n; i++) {
    const e = edges[i]!;
    c.a[i] = cellOf(e.a);
    c.b[i] = cellOf(e.b);
    c.behaviour[i] = BEHAVIOURS.indexOf(e.behaviour);
    c.test[i] = TESTS.indexOf(e.test);
    c.weight[i] = e.weight;
    c.coActions[i] = e.coActions;
    c.objects[i] = e.objects;
    c.first[i] = e.first;
    c.last[i] = e.last;
    let present = 0;
    for (const name of OPTIONAL) {
      const v = e[name];
      if (v !== undefined) {
        present |= HAS[name];
        c[name][i] = v;
      }
    }
    c.present[i] = present;
  }
  return c;
}

/** The typed arrays of `c`, to transfer rather than copy. */
export function transferables(c: EdgeColumns): ArrayBuffer[] {
  return Object.values(c)
    .filter((v): v is Exclude<EdgeColumns[keyof EdgeColumns], string[]> => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}

const BEHAVIOUR_CELLS = BEHAVIOURS.map(csvCell);
const TEST_CELLS = TESTS.map(csvCell);

const optional = (c: EdgeColumns, bit: number, i: number, col: Float64Array): string =>
  (c.present[i]! & bit) !== 0 ? String(col[i]) : '';

/**
 * Edge `i`'s edges.csv row. Only the id, behaviour and test cells could need quoting, and ids are
 * quoted once in {@link edgeColumns}; numbers are `String(n)`, as csvCell writes them. Byte for byte
 * csvRow over the cells (write-fast-paths.test.ts). `weight`, `coActions`, `qValue`: the cells, which
 * graph.gexf's edge holds too ({@link gexfEdge}).
 */
function csvRowAt(c: EdgeColumns, i: number, weight: string, coActions: string, qValue: string): string {
  return `${c.cells[c.a[i]!]},${c.cells[c.b[i]!]},${BEHAVIOUR_CELLS[c.behaviour[i]!]},${weight},${coActions},${String(c.objects[i])},${optional(c, HAS.expected, i, c.expected)},${optional(c, HAS.pValue, i, c.pValue)},${qValue},${isoTime(c.first[i]!)},${isoTime(c.last[i]!)},${TEST_CELLS[c.test[i]!]},${optional(c, HAS.observed, i, c.observed)},${optional(c, HAS.lag, i, c.lag)}\r\n`;
}

/** Edge `i`'s element in graph.gexf (gexf-edge.ts, the template gexf.ts writes with). */
function gexfEdgeAt(c: EdgeColumns, i: number, weight: string, coActions: string, qValue: string): string {
  const behaviour = BEHAVIOURS[c.behaviour[i]!]!;
  return gexfEdge(i, c.xmlIds[c.a[i]!]!, c.xmlIds[c.b[i]!]!, behaviour, weight, coActions, qValue);
}

/** One edges.csv row per edge, in column order. */
export function* edgeRows(c: EdgeColumns): Generator<string> {
  for (let i = 0; i < c.a.length; i++)
    yield csvRowAt(c, i, String(c.weight[i]), String(c.coActions[i]), optional(c, HAS.qValue, i, c.qValue));
}

/**
 * Per edge, its edges.csv row and its graph.gexf element: the weight, co-actions and q-value both
 * hold are formatted once (a double's shortest form is most of a row's cost).
 */
export function forEachEdgeRow(c: EdgeColumns, f: (csv: string, gexf: string) => void): void {
  for (let i = 0; i < c.a.length; i++) {
    const weight = String(c.weight[i]);
    const coActions = String(c.coActions[i]);
    const qValue = optional(c, HAS.qValue, i, c.qValue);
    f(csvRowAt(c, i, weight, coActions, qValue), gexfEdgeAt(c, i, weight, coActions, qValue));
  }
}
