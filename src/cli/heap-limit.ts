/**
 * V8 caps a process's JavaScript heap at a size it picks at start from a fixed table (4,144 MB on a
 * 24 GB machine, whatever else is free), not at what the machine has. `detect` over 30M posts holds
 * more than that in strings and maps, and died with "JavaScript heap out of memory" after 355 s at
 * 7.3 GB RSS with 16 GB free (bench/RESULTS.md, session 12). So the commands that hold a whole data
 * set in memory start themselves once more, in a child Node whose cap is a share of the machine's
 * memory (or of its cgroup's limit), and pass on its exit code and signals.
 *
 * Why a child process: a running isolate's cap cannot be raised (`v8.setFlagsFromString` is too late
 * for the heap), and a worker thread's `resourceLimits` could, but a worker gets no signals and no
 * terminal, which `detect --progress` and Ctrl-C need. Cost: one more Node start (~50 ms) and an
 * idle parent (~40 MB) per run of these commands only.
 *
 * The user's own `--max-old-space-size` (on the node command line or in NODE_OPTIONS) always wins,
 * and `LOCKSTEP_HEAP_RAISED=1` (set in the child) turns this off.
 */
import { spawn } from 'node:child_process';
import { constants, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** Commands that read a whole data set into memory; services (serve, monitor) stay one process. */
const HEAVY = new Set(['detect', 'runs', 'factcheck', 'simulate']);
/**
 * The share of memory the heap may take: the rest is for the typed arrays outside the heap (the
 * columns: about a third of a detect's RSS at 10M), the reading worker and the operating system.
 */
export const HEAP_SHARE = 0.75;
const MARK = 'LOCKSTEP_HEAP_RAISED';
const OWN_FLAG = /--max-old-space-size[= ]/;
const MB = 2 ** 20;

export interface HeapContext {
  env: NodeJS.ProcessEnv;
  execArgv: readonly string[];
  /** The running isolate's cap (`v8.getHeapStatistics().heap_size_limit`). */
  heapLimitBytes: number;
  /** Physical memory, or the cgroup's limit when lower. */
  memoryBytes: number;
}

/** The machine's memory as this process may use it: the cgroup limit when one is set and lower. */
export function usableMemory(): number {
  const total = totalmem();
  // Node 20 returns 0 or 2^64 when no cgroup limit is set.
  const limit = process.constrainedMemory();
  return limit > 0 && limit < total ? limit : total;
}

/** The heap cap in MB to run `argv` with, or undefined to run in this process as it is. */
export function heapPlan(argv: readonly string[], c: HeapContext): number | undefined {
  const command = argv[0];
  if (command === undefined || !HEAVY.has(command)) return undefined;
  if (c.env[MARK] === '1') return undefined;
  if (c.execArgv.some((a) => a.startsWith('--max-old-space-size'))) return undefined;
  if (OWN_FLAG.test(c.env.NODE_OPTIONS ?? '')) return undefined;
  const target = Math.floor((c.memoryBytes * HEAP_SHARE) / MB);
  // Not worth a second process for less than a tenth more room.
  return c.heapLimitBytes / MB < target * 0.9 ? target : undefined;
}

/**
 * Runs `script argv` again in a child Node with the heap cap {@link heapPlan} chooses and resolves to
 * its exit code (128 + n when a signal ended it); undefined when this process should run the command
 * itself (no gain, the user chose a cap, or the child could not start).
 */
export function runWithRaisedHeap(script: string, argv: readonly string[]): Promise<number | undefined> {
  const mb = heapPlan(argv, {
    env: process.env,
    execArgv: process.execArgv,
    heapLimitBytes: getHeapStatistics().heap_size_limit,
    memoryBytes: usableMemory(),
  });
  if (mb === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${mb}`, script, ...argv],
      {
        stdio: 'inherit',
        env: { ...process.env, [MARK]: '1' },
      },
    );
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    const done = (code: number | undefined) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code);
    };
    child.once('error', () => {
      // Only a child that never started falls back; one that runs reports through 'exit'.
      if (child.pid !== undefined) return;
      process.stderr.write(
        'lockstep: could not start a child with a larger heap; running with the default\n',
      );
      done(undefined);
    });
    child.once('exit', (code, signal) => {
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
