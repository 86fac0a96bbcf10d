/**
 * Jetstream v1 subscriber: one WebSocket (the `ws` package) to a `/subscribe` endpoint, reconnecting
 * with capped exponential backoff and full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter", 2015) after any drop, and resuming each time from the monitor's high-water mark minus a
 * small rewind. Jetstream's cursor is a unix-µs time and playback from it is at-least-once, so the
 * rewind trades a few duplicate frames (dropped by src/monitor/dedupe.ts) for no gap.
 *
 * Query parameters added to the given URL: `wantedCollections` (unless the URL names its own),
 * `cursor` on resume, `compress=false` (zstd frames need Jetstream's dictionary; this client reads
 * plain JSON). `wantedDids` pass through from the URL or the options.
 *
 * Flow control: ../frame-queue.ts (the socket is paused above `highWater` queued frames). Memory: the
 * queue, bounded by about highWater frames.
 */
import WebSocket from 'ws';
import type { LiveSource, SourceEvent, SourceItem } from '../source.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from '../backoff.js';
import { FrameQueue } from '../frame-queue.js';
import { decodeJetstreamFrame, type JetstreamEvent } from './decode.js';

export const DEFAULT_COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.repost'];

export interface JetstreamOptions {
  url: string;
  /** Default: posts and reposts (likes are decoded but do not feed detection). */
  wantedCollections?: string[];
  wantedDids?: string[];
  /** Resume this far before the high-water mark (µs). Default 2 s. */
  rewindUs?: number;
  backoff?: Backoff;
  highWater?: number;
  /** Connection events for the status line ("connected", "closed: …", "retry in 1.2 s"). */
  onState?: (state: string) => void;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
}

/** The subscribe URL for a connection resuming at `cursorUs`. */
export function subscribeUrl(o: JetstreamOptions, cursorUs: number | undefined): string {
  const url = new URL(o.url);
  const q = url.searchParams;
  if (!q.has('wantedCollections'))
    for (const c of o.wantedCollections ?? DEFAULT_COLLECTIONS) q.append('wantedCollections', c);
  for (const d of o.wantedDids ?? []) q.append('wantedDids', d);
  q.set('compress', 'false');
  q.delete('cursor');
  if (cursorUs !== undefined) q.set('cursor', String(Math.max(0, Math.floor(cursorUs))));
  return url.toString();
}

function eventItem(e: JetstreamEvent, raw: string): SourceEvent {
  return {
    pos: e.timeUs,
    key: e.key,
    raw,
    time: e.timeUs / 1e6,
    posts: e.kind === 'post' ? [e.post] : [],
    handle:
      e.kind === 'identity' && e.handle !== undefined ? { account: e.did, handle: e.handle } : undefined,
  };
}

export function decodeJetstreamItem(raw: string): SourceItem {
  const d = decodeJetstreamFrame(raw);
  return d.ok ? eventItem(d.event, raw) : { bad: d.reason, raw };
}

/** Read through a call: the flag changes while this generator waits, which narrowing cannot see. */
const isAborted = (s: AbortSignal): boolean => s.aborted;

export function jetstreamSource(o: JetstreamOptions): LiveSource {
  return {
    label: `jetstream ${new URL(o.url).host}`,
    decode: (raw) => decodeJetstreamItem(raw),
    items: (resume, signal) => subscribe(o, resume, signal),
  };
}

async function* subscribe(
  o: JetstreamOptions,
  resume: number | undefined,
  signal: AbortSignal,
): AsyncGenerator<SourceItem[]> {
  const rewind = o.rewindUs ?? 2_000_000;
  const random = o.random ?? Math.random;
  const highWater = o.highWater ?? 20_000;
  const state = o.onState ?? (() => undefined);
  let hwm = resume;
  let attempt = 0;
  const queue = new FrameQueue<SourceItem>(highWater, signal);

  while (!signal.aborted) {
    const ws = new WebSocket(subscribeUrl(o, hwm === undefined ? undefined : hwm - rewind), {
      perMessageDeflate: false,
    });
    queue.attach(ws);
    // Mutated by the socket's callbacks, so kept in an object rather than a narrowed local.
    const conn = { open: true, received: false };
    ws.on('open', () => {
      state('connected');
    });
    ws.on('message', (data, isBinary) => {
      conn.received = true;
      const raw = isBinary ? '' : (data as Buffer).toString('utf8');
      queue.push(isBinary ? { bad: 'binary frame (is compress on?)', raw: '' } : decodeJetstreamItem(raw));
    });
    ws.on('error', (e) => {
      state(`error: ${e.message}`);
    });
    ws.on('close', (code) => {
      conn.open = false;
      state(`closed (${code})`);
      queue.notify();
    });
    const onAbort = (): void => {
      ws.terminate();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const batch of queue.batches(() => conn.open, signal)) {
        for (const item of batch)
          if (item.bad === undefined && (hwm === undefined || item.pos > hwm)) hwm = item.pos;
        yield batch;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      ws.terminate();
    }
    if (isAborted(signal)) break;
    attempt = conn.received ? 1 : attempt + 1;
    const delay = backoffDelay(attempt, o.backoff ?? DEFAULT_BACKOFF, random);
    state(`reconnecting in ${(delay / 1000).toFixed(1)} s`);
    await sleep(delay, signal);
  }
}
