/**
 * Worker-thread entry for the organic contrast (contrast-in-worker.ts): the columns arrive as shared
 * memory, the contrast is computed here, and only it (or the error) goes back.
 */
import { workerData } from 'node:worker_threads';
import { replyOnce } from '../../core/worker.js';
import type { ContrastJob } from './contrast-in-worker.js';
import { contrastOf } from './organic-contrast.js';

const { networkOf, networkCount, columns } = workerData as ContrastJob;
replyOnce(() => contrastOf(networkOf, networkCount, columns));
