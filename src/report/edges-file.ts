/**
 * edges.csv written to a file from columns — apart from edges-csv.ts because it needs node:fs, and
 * edges-csv.ts's ordering is also bundled into the web front end (workspace/exports.ts → gexf.ts).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvRow } from './csv.js';
import { edgeRows, type EdgeColumns } from './edge-columns.js';
import { EDGE_COLUMNS } from './edges-csv.js';

/** Writes edges.csv from columns at `path`, synchronously, in ~1 MB writes (a worker's whole job). */
export function writeEdgesFile(path: string, columns: EdgeColumns): void {
  const fd = openSync(path, 'w');
  try {
    let buf = csvRow(EDGE_COLUMNS);
    for (const row of edgeRows(columns)) {
      buf += row;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}
