/**
 * Worker-thread entry for the organic contrast (contrast-in-worker.ts): the columns arrive as shared
 * memory, the contrast is computed here, and only it (or the error) goes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ContrastJob, ContrastReply } from './contrast-in-worker.js';
import { contrastOf } from './organic-contrast.js';

const { networkOf, networkCount, columns } = workerData as ContrastJob;
let reply: ContrastReply;
try {
  reply = { contrast: contrastOf(networkOf, networkCount, columns) };
} catch (e) {
  reply = { error: e instanceof Error ? e.message : String(e) };
}
parentPort!.postMessage(reply);
