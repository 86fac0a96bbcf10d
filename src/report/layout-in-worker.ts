/**
 * `runLayout` in a worker thread, so that on two cores ForceAtlas2 (most of report.html's cost) runs
 * while the main thread writes edges.csv, networks.json and graph.gexf (write-output.ts). Same
 * function, same input, so the same positions: V8 computes the same doubles on either thread.
 */
import { siblingModule, startWorker } from '../core/worker.js';
import type { Layout, LayoutInput } from './layout.js';

const WORKER_URL = siblingModule(import.meta.url, 'layout-worker');

type Reply = { layout: Layout } | { error: string };

export function runLayoutInWorker(input: LayoutInput): Promise<Layout> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(WORKER_URL, { workerData: input });
    let settled = false;
    worker.once('message', (m: Reply) => {
      settled = true;
      void worker.terminate();
      if ('layout' in m) resolve(m.layout);
      else reject(new Error(`layout worker: ${m.error}`));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`layout worker exited with code ${code} before answering`));
    });
  });
}
