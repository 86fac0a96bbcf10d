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
import { Worker, type WorkerOptions } from 'node:worker_threads';

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
