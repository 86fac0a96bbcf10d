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
 * `monitor` starts such a child too, for its young generation: a live stream allocates every frame's
 * JSON tree and Post and drops them a moment later, and with V8's default semi-space (16 MB on a
 * 64-bit machine) the scavenges of that garbage were 25–30 % of ingest's profile; 64 MB semi-spaces
 * took 0.82× the CPU per event (bench/RESULTS.md, "h-mon, session 10"; "h-ingest"). It cannot be set
 * from inside the running process either (V8 sizes the young generation at start-up).
 *
 * The user's own `--max-old-space-size` or `--max-semi-space-size` (on the node command line or in
 * NODE_OPTIONS) always wins, and `LOCKSTEP_HEAP_RAISED=1` (set in the child) turns this off. The child
 * never outlives the parent: it is killed with it, even by `kill -9` (which the parent cannot forward),
 * so a monitor restarted on the same folder never shares it with an orphan of the killed one.
 */
import { spawn } from 'node:child_process';
import { constants, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** Commands that read a whole data set into memory (a larger old generation); services do not. */
const HEAVY = new Set(['detect', 'runs', 'factcheck', 'simulate']);
/**
 * The share of memory the heap may take: the rest is for the typed arrays outside the heap (the
 * columns: about a third of a detect's RSS at 10M), the reading worker and the operating system.
 */
export const HEAP_SHARE = 0.75;
/** Commands that run as long-lived services over a stream of small allocations (see the file comment). */
const STREAMING = new Set(['monitor']);
/** The semi-space size (MB) for STREAMING commands: 0.82× ingest CPU against V8's 16 MB (measured). */
export const SEMI_SPACE_MB = 64;
const MARK = 'LOCKSTEP_HEAP_RAISED';
const OWN_FLAG = /--max-old-space-size[= ]/;
const OWN_SEMI = /--max-semi-space-size[= ]/;
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

/** The semi-space size in MB to run `argv` with, or undefined to keep V8's (see the file comment). */
export function semiSpacePlan(
  argv: readonly string[],
  c: Pick<HeapContext, 'env' | 'execArgv'>,
): number | undefined {
  const command = argv[0];
  if (command === undefined || !STREAMING.has(command)) return undefined;
  if (c.env[MARK] === '1') return undefined;
  if (c.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return undefined;
  if (OWN_SEMI.test(c.env.NODE_OPTIONS ?? '')) return undefined;
  return SEMI_SPACE_MB;
}

/** The V8 flags a child should run `argv` with (none: run in this process). */
export function childFlags(argv: readonly string[], c: HeapContext): string[] {
  const mb = heapPlan(argv, c);
  const semi = semiSpacePlan(argv, c);
  return [
    ...(mb === undefined ? [] : [`--max-old-space-size=${mb}`]),
    ...(semi === undefined ? [] : [`--max-semi-space-size=${semi}`]),
  ];
}

/**
 * In the child: end at once when the parent is gone (its IPC channel closes), as `kill -9` would
 * have ended a command that ran in one process. The channel does not keep the child alive.
 */
function dieWithParent(): void {
  if (process.env[MARK] !== '1' || process.channel === undefined) return;
  process.channel.unref();
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGKILL');
  });
}

/**
 * Runs `script argv` again in a child Node with the flags {@link childFlags} chooses and resolves to
 * its exit code (128 + n when a signal ended it); undefined when this process should run the command
 * itself (no gain, the user chose the settings, or the child could not start; or this is the child).
 */
export function runWithRaisedHeap(script: string, argv: readonly string[]): Promise<number | undefined> {
  dieWithParent();
  const flags = childFlags(argv, {
    env: process.env,
    execArgv: process.execArgv,
    heapLimitBytes: getHeapStatistics().heap_size_limit,
    memoryBytes: usableMemory(),
  });
  if (flags.length === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...argv], {
      // The IPC channel tells the child when this process is gone (dieWithParent).
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [MARK]: '1' },
    });
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
