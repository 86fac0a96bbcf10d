/**
 * Worker-thread entry for the network picture's layout (layout-in-worker.ts): the layout input arrives
 * by structured clone, the laid-out nodes and edges go back the same way (≤ 2,500 nodes, ≤ 12,000
 * edges).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLayout, type LayoutInput } from './layout.js';

try {
  parentPort!.postMessage({ layout: runLayout(workerData as LayoutInput) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
