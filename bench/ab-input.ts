/**
 * What the in-process A/B benches (stages-ab.ts, tail-ab.ts) share: the input read once with this
 * checkout's reader into the columns every build's `detectPrepared` then runs on, the process's
 * CPU time so far (all threads), and their command line (the file, then `--name value` flags).
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

/** The command line: the input file (first argument) and `--name value` flags. */
export function abArgs(): { file: string | undefined; flag: (name: string) => string | undefined } {
  const args = process.argv.slice(2);
  return {
    file: args[0],
    flag: (name) => {
      const at = args.indexOf(name);
      return at >= 0 ? args[at + 1] : undefined;
    },
  };
}
