/**
 * Matches a stream of posts on every core: this thread builds the index once and shares it
 * (SharedArrayBuffer, matcher.ts `share`), batches of posts go to worker threads (match-worker.ts)
 * that all read that one index, and the rows come back in post order. Small inputs (fewer than
 * `minPosts` posts) are matched in this thread, where a worker's start-up would cost more than it
 * saves.
 *
 * Cost: one index build (time and memory), one copy of it into shared memory, and per worker a clone
 * of the word vocabulary and URL map (Maps cannot be shared); each batch's texts and matches are
 * cloned (µs per post; a match travels without its feature values, which rows do not show); at most
 * `inFlight` batches per worker wait in memory, so the input is read no faster than it is matched.
 * Sharing replaced a copy of the fact checks and a build per worker (h-fc round 7, bench/RESULTS.md).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Post } from '../core/post.js';
import { siblingModule, startWorker } from '../core/worker.js';
import { matchPosts, matchRow } from './match-posts.js';
import type { MatchPostsOptions } from './match-posts.js';
import { FactCheckMatcher } from './matcher.js';
import type { DocMatch, MatchQuery } from './matcher.js';
import type { FactCheck } from './types.js';

const WORKER_URL = siblingModule(import.meta.url, 'match-worker');

export interface BatchRequest {
  id: number;
  queries: MatchQuery[];
  top: number;
  minScore: number;
}

/** A match as a worker sends it: the fact check by index, no feature values (rows do not show them). */
export type WireMatch = Omit<DocMatch, 'features'>;

export interface BatchReply {
  id: number;
  matches: WireMatch[][];
}

export interface PoolOptions {
  /** Worker threads (default: the cores Node reports). 0 or 1 matches in this thread. */
  workers: number;
  /** Posts per batch (default 500). */
  batch: number;
  /** Inputs with fewer posts are matched in this thread (default 2,000). */
  minPosts: number;
  /** Batches queued per worker (default 2). */
  inFlight: number;
  /** Called once every worker has built its index (benchmarks time matching from here). */
  onReady?: () => void;
}

export const DEFAULT_POOL: PoolOptions = {
  workers: availableParallelism(),
  batch: 500,
  minPosts: 2000,
  inFlight: 2,
};

type Counts = { posts: number; matchedPosts: number; rows: number };

function queryOf(p: Post): MatchQuery {
  return { ...(p.text ? { text: p.text } : {}), urls: p.urls };
}

async function* replay<T>(head: readonly T[], rest: AsyncIterator<T> | undefined): AsyncIterable<T> {
  yield* head;
  if (!rest) return;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/** Posts → match rows in post order, on `pool.workers` threads once the input is large enough. */
export async function matchPostsParallel(
  posts: AsyncIterable<Post>,
  factChecks: readonly FactCheck[],
  options: MatchPostsOptions,
  onRow: (row: (string | number)[]) => void,
  pool: Partial<PoolOptions> = {},
): Promise<Counts> {
  const o = { ...DEFAULT_POOL, ...pool };
  const it = posts[Symbol.asyncIterator]();
  const head: Post[] = [];
  let ended = false;
  while (head.length < o.minPosts) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    head.push(r.value);
  }
  if (ended || o.workers <= 1)
    return matchPosts(replay(head, ended ? undefined : it), new FactCheckMatcher(factChecks), options, onRow);
  return runPool(replay(head, it), factChecks, options, onRow, o);
}

async function runPool(
  posts: AsyncIterable<Post>,
  factChecks: readonly FactCheck[],
  options: MatchPostsOptions,
  onRow: (row: (string | number)[]) => void,
  o: PoolOptions,
): Promise<Counts> {
  const counts: Counts = { posts: 0, matchedPosts: 0, rows: 0 };
  const workers: Worker[] = [];
  const load: number[] = [];
  const pending = new Map<number, Post[]>();
  const done = new Map<number, WireMatch[][]>();
  let next = 0;
  let ready = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const flush = (): void => {
    for (let m = done.get(next); m; m = done.get(next)) {
      const batch = pending.get(next)!;
      batch.forEach((p, i) => {
        const list = m[i] ?? [];
        if (list.length) counts.matchedPosts++;
        for (const w of list) {
          onRow(matchRow(p, { ...w, factCheck: factChecks[w.doc]! }));
          counts.rows++;
        }
      });
      pending.delete(next);
      done.delete(next);
      next++;
    }
  };
  const image = new FactCheckMatcher(factChecks).share();
  for (let i = 0; i < o.workers; i++) {
    const w = startWorker(WORKER_URL, { workerData: { image } });
    load.push(0);
    w.on('message', (r: BatchReply | { ready: true }) => {
      if ('ready' in r) {
        if (++ready === o.workers) o.onReady?.();
        return;
      }
      load[i]!--;
      done.set(r.id, r.matches);
      flush();
      signal();
    });
    w.once('error', (e) => {
      failure ??= e;
      signal();
    });
    w.once('exit', (code) => {
      if (code !== 0) failure ??= new Error(`fact-check match worker exited with code ${code}`);
      signal();
    });
    workers.push(w);
  }
  const waitFor = async (ready: () => boolean): Promise<void> => {
    while (!ready() && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  const send = async (id: number, batch: Post[]): Promise<void> => {
    await waitFor(() => load.some((l) => l < o.inFlight));
    const i = load.indexOf(Math.min(...load));
    load[i]!++;
    pending.set(id, batch);
    const req: BatchRequest = {
      id,
      queries: batch.map(queryOf),
      top: options.top,
      minScore: options.minScore,
    };
    workers[i]!.postMessage(req);
  };
  try {
    let id = 0;
    let batch: Post[] = [];
    for await (const p of posts) {
      counts.posts++;
      batch.push(p);
      if (batch.length === o.batch) {
        await send(id++, batch);
        batch = [];
      }
    }
    if (batch.length) await send(id++, batch);
    await waitFor(() => next === id);
    return counts;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
