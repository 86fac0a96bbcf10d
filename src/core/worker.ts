/**
 * Starts a worker thread from a module next to the caller. Built, the module is .js and loads as is;
 * run from the TypeScript sources (tests, `npm run dev`), it is .ts, and Node 20 loads a .ts worker
 * entry before `--import tsx` hooks apply in the new thread, so the worker first registers tsx's
 * loader itself and then imports the module.
 *
 * @example const w = startWorker(siblingModule(import.meta.url, 'read-worker'), { workerData });
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';

/** The URL of module `name` beside the module at `base`, with the caller's own extension. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(base))}`, base);
}

export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${loader}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/** A worker's one answer: its value, or the message of what it threw. */
export type WorkerReply<T> = { value: T } | { error: string };

/** A worker started for one answer, and how to stop it when the caller gives up before it. */
export interface WorkerTask<T> {
  result: Promise<T>;
  cancel(): void;
  /** Once it answered: ms from the worker's start to its answer (for run.json's timings). */
  readonly answeredMs: number | undefined;
}

/**
 * Starts a worker that posts one {@link WorkerReply}. `result` rejects with an error that names the
 * worker (`name`) when it throws, fails to start or exits before answering: it never hangs. A
 * rejection the caller has not awaited yet (it stopped for an error of its own) is not unhandled.
 */
export function workerTask<T>(url: URL, options: WorkerOptions, name: string): WorkerTask<T> {
  const start = performance.now();
  const worker = startWorker(url, options);
  let settled = false;
  let answeredMs: number | undefined;
  const result = new Promise<T>((resolve, reject) => {
    worker.once('message', (m: WorkerReply<T>) => {
      settled = true;
      answeredMs = performance.now() - start;
      void worker.terminate();
      if ('value' in m) resolve(m.value);
      else reject(new Error(`${name}: ${m.error}`));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(new Error(`${name}: ${e.message}`, { cause: e }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`${name} exited with code ${code} before answering`));
    });
  });
  result.catch(() => undefined);
  return {
    result,
    cancel() {
      if (!settled) void worker.terminate();
    },
    get answeredMs() {
      return answeredMs;
    },
  };
}

/** In a worker started by {@link workerTask}: computes its one answer and posts it, or what it threw. */
export function replyOnce(compute: () => unknown): void {
  if (!parentPort) throw new Error('replyOnce: not in a worker thread');
  let reply: WorkerReply<unknown>;
  try {
    reply = { value: compute() };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  parentPort.postMessage(reply);
}
