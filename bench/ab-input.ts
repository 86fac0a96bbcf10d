/**
 * What the in-process A/B benches (stages-ab.ts, tail-ab.ts) share: the input read once with this
 * checkout's reader into the columns every build's `detectPrepared` then runs on, and the process's
 * CPU time so far (all threads).
 */
import { workerPostSource } from '../src/cli/read/worker-source.js';
import { BEHAVIOURS } from '../src/core/behaviour.js';
import type { InputSummary } from '../src/core/result.js';
import { collectActions } from '../src/detect/engine/actions.js';

export async function readOnce(
  file: string,
): Promise<{ prepared: Awaited<ReturnType<typeof collectActions>>; input: InputSummary }> {
  const source = workerPostSource([file], {});
  const prepared = await collectActions(source, { behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
  return { prepared, input: source.summary()! };
}

/** CPU ms of the process so far, user + system, all threads. */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
