/**
 * edges.csv, and with it graph.gexf's edges, written to files from columns — apart from edges-csv.ts
 * because it needs node:fs, and edges-csv.ts's ordering is also bundled into the web front end
 * (workspace/exports.ts → gexf.ts).
 */
import { csvRow } from './csv.js';
import { edgeRows, forEachEdgeRow, type EdgeColumns } from './edge-columns.js';
import { EDGE_COLUMNS } from './edges-csv.js';
import { GEXF_TAIL } from './gexf.js';
import { Utf8FileSync } from './utf8-file.js';

/** graph.gexf to write beside edges.csv: its path and its text before the first edge (`gexfHead`). */
export interface GexfFile {
  path: string;
  head: string;
}

/**
 * Writes edges.csv from columns at `path`, and graph.gexf when `gexf` is given, synchronously (a
 * worker's whole job).
 */
export function writeEdgesFile(path: string, columns: EdgeColumns, gexf?: GexfFile): void {
  const csv = new Utf8FileSync(path);
  const graph = gexf === undefined ? undefined : new Utf8FileSync(gexf.path);
  try {
    csv.write(csvRow(EDGE_COLUMNS));
    if (graph === undefined) for (const row of edgeRows(columns)) csv.write(row);
    else {
      graph.write(gexf!.head);
      forEachEdgeRow(columns, (row, element) => {
        csv.write(row);
        graph.write(element);
      });
      graph.write(GEXF_TAIL);
      graph.flush();
    }
    csv.flush();
  } finally {
    csv.close();
    graph?.close();
  }
}
