/**
 * Worker-thread entry for edges-ahead.ts: the columns arrive transferred; edges.csv and graph.gexf's
 * edges (with its tail, without its head) are written to the partial files; then, sent the head,
 * graph.gexf is written as the head and the partial file's bytes, and edges.csv renamed into place.
 */
import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { EdgesAheadJob, EdgesAheadReply } from './edges-ahead.js';
import { writeEdgesFile } from './edges-file.js';
import { Utf8FileSync } from './utf8-file.js';

const job = workerData as EdgesAheadJob;
const port = parentPort!;

const reply = (f: () => EdgesAheadReply): void => {
  let r: EdgesAheadReply;
  try {
    r = f();
  } catch (e) {
    r = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(r);
};

/** graph.gexf: `head`, then the partial file's bytes (its edges and tail), copied in 4 MB reads. */
function completeGexf(head: string): void {
  const out = new Utf8FileSync(job.gexfPath);
  const from = openSync(job.gexfPartial, 'r');
  try {
    out.write(head);
    const buf = Buffer.allocUnsafe(1 << 22);
    for (let n; (n = readSync(from, buf, 0, buf.length, null)) > 0;) out.writeBytes(buf.subarray(0, n));
  } finally {
    closeSync(from);
    out.close();
  }
  rmSync(job.gexfPartial);
}

reply(() => {
  writeEdgesFile(job.csvPartial, job.columns, { path: job.gexfPartial, head: '' });
  return { written: true };
});
port.once('message', ({ head }: { head: string }) => {
  reply(() => {
    completeGexf(head);
    renameSync(job.csvPartial, job.csvPath);
    return { done: true };
  });
});
