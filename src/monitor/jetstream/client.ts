/**
 * Jetstream subscriber (v1 `/subscribe` and v2 `/xrpc/network.bsky.jetstream.subscribeEvents`, told
 * apart by the URL's path): one WebSocket (the `ws` package), reconnecting with capped exponential
 * backoff and full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015) after any
 * drop, and resuming each time from the monitor's high-water mark. v1's cursor is a unix-µs time and
 * playback from it is at-least-once, so v1 resumes a small rewind earlier, trading a few duplicate
 * frames (dropped by src/monitor/dedupe.ts) for no gap; v2 resumes from its seq (below).
 *
 * Query parameters added to a v1 URL: `wantedCollections` (unless the URL names its own), `cursor` on
 * resume, `compress=false` (zstd frames need Jetstream's dictionary; this client reads plain JSON).
 * `wantedDids` pass through from the URL or the options. A v2 URL gets the v2 names (`collections`,
 * `dids`), `kinds=commit,identity,account` (not `sync`, which carries no record) unless the URL names
 * its own, and on resume `cursor` = the last seq processed: v2 replays from a seq inclusively and
 * exactly, so no rewind is needed (dedupe drops the one repeated event). v2 compresses only when
 * asked (`zstdDictionary`), so nothing is added to turn it off. A v1 monitor's state (time_us
 * positions) is never resumed against v2 (seq positions): the two sources have different labels.
 *
 * Backfill (`startUs`): a monitor that starts with an empty window compares its first hours with a
 * population that is still arriving (the chance model's expectations shrink as the window fills), so
 * it names groups late (docs/MONITOR.md, "Alert latency"). Jetstream replays history from a unix-µs
 * cursor (v1's cursor; v2 takes one too, ≥ 1e15, and answers OutdatedCursor when it keeps less), so
 * a fresh start can ask for the last window's worth first and reach the live head with a full window.
 * Only while nothing was received: a resumed monitor's own position always wins.
 *
 * Flow control: ../frame-queue.ts (the socket is paused above `highWater` queued frames). Memory: the
 * queue, bounded by about highWater frames, held as the frames' bytes (v1 hands them on to the
 * journal, which copies them rather than encoding the decoded string again): a frame is decoded when the
 * monitor takes it, in chunks of DECODE_CHUNK, not on arrival. Decoded on arrival, every queued frame's
 * JSON tree and Post outlived the young generation's collections while a tick ran (up to highWater of
 * them), and were copied and promoted to the old generation only to die there.
 */
import WebSocket from 'ws';
import type { LiveSource, SourceEvent, SourceItem } from '../source.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from '../backoff.js';
import { FrameQueue } from '../frame-queue.js';
import { decodeJetstreamFrame, type JetstreamEvent } from './decode.js';
import { decodeJetstreamV2Frame, V2_PATH } from './decode-v2.js';

export const DEFAULT_COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.repost'];

/** Frames decoded and handed to the monitor at a time (see the file comment). */
const DECODE_CHUNK = 512;

export interface JetstreamOptions {
  url: string;
  /** Default: posts and reposts (likes are decoded but do not feed detection). */
  wantedCollections?: string[];
  wantedDids?: string[];
  /**
   * On a fresh start (no position to resume from), ask for the events since this unix-µs time
   * instead of the live head, so the window starts full (`--backfill`; see the file comment).
   */
  startUs?: number;
  /** Resume this far before the high-water mark (µs). Default 2 s. */
  rewindUs?: number;
  backoff?: Backoff;
  highWater?: number;
  /** Connection events for the status line ("connected", "closed: …", "retry in 1.2 s"). */
  onState?: (state: string) => void;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
}

/** Whether `url` is a Jetstream v2 live endpoint (seq cursors, xrpc.v1.json frames). */
export function isJetstreamV2(url: string): boolean {
  return new URL(url).pathname.replace(/\/+$/, '').endsWith(V2_PATH);
}

const V2_KINDS = ['commit', 'identity', 'account'];

/** A v2 subscribe URL: the position is a seq, replayed inclusively. */
function subscribeUrlV2(o: JetstreamOptions, seq: number | undefined): string {
  const url = new URL(o.url);
  const q = url.searchParams;
  if (!q.has('collections'))
    for (const c of o.wantedCollections ?? DEFAULT_COLLECTIONS) q.append('collections', c);
  for (const d of o.wantedDids ?? []) q.append('dids', d);
  if (!q.has('kinds')) for (const k of V2_KINDS) q.append('kinds', k);
  q.delete('cursor');
  if (seq !== undefined) q.set('cursor', String(Math.max(1, Math.floor(seq))));
  return url.toString();
}

/**
 * The subscribe URL for a connection resuming at `cursor`: unix µs for v1 (the caller has already
 * rewound it), the last processed seq for v2.
 */
export function subscribeUrl(o: JetstreamOptions, cursor: number | undefined): string {
  if (isJetstreamV2(o.url)) return subscribeUrlV2(o, cursor);
  const url = new URL(o.url);
  const q = url.searchParams;
  if (!q.has('wantedCollections'))
    for (const c of o.wantedCollections ?? DEFAULT_COLLECTIONS) q.append('wantedCollections', c);
  for (const d of o.wantedDids ?? []) q.append('wantedDids', d);
  q.set('compress', 'false');
  q.delete('cursor');
  if (cursor !== undefined) q.set('cursor', String(Math.max(0, Math.floor(cursor))));
  return url.toString();
}

function eventItem(e: JetstreamEvent, raw: string, pos = e.timeUs): SourceEvent {
  return {
    pos,
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

/**
 * A v1 text frame as received (the socket's bytes): decoded from its string, and carrying the bytes
 * for the journal, which copies them instead of encoding the string again.
 */
export function decodeJetstreamBytes(data: Buffer): SourceItem {
  const item = decodeJetstreamItem(data.toString('utf8'));
  if (item.bad === undefined) item.rawBytes = data;
  return item;
}

/** A v2 frame as an item, or the advisory it carries (never an event: it has no seq). */
export function decodeJetstreamV2Item(raw: string): SourceItem | { info: string } {
  const d = decodeJetstreamV2Frame(raw);
  if (d.ok === 'info') return { info: d.message === undefined ? d.name : `${d.name}: ${d.message}` };
  return d.ok ? eventItem(d.event, raw, d.seq) : { bad: d.reason, raw };
}

function journalItemV2(raw: string): SourceItem {
  const d = decodeJetstreamV2Item(raw);
  return 'info' in d ? { bad: `info frame ${d.info}`, raw } : d;
}

/** Read through a call: the flag changes while this generator waits, which narrowing cannot see. */
const isAborted = (s: AbortSignal): boolean => s.aborted;

export function jetstreamSource(o: JetstreamOptions): LiveSource {
  const v2 = isJetstreamV2(o.url);
  return {
    label: `${v2 ? 'jetstream-v2' : 'jetstream'} ${new URL(o.url).host}`,
    decode: (raw) => (v2 ? journalItemV2(raw) : decodeJetstreamItem(raw)),
    items: (resume, signal) => subscribe(o, resume, signal),
  };
}

async function* subscribe(
  o: JetstreamOptions,
  resume: number | undefined,
  signal: AbortSignal,
): AsyncGenerator<SourceItem[]> {
  const v2 = isJetstreamV2(o.url);
  // v2 resumes from a seq exactly; v1's time_us cursor is rewound (see the file comment).
  const rewind = v2 ? 0 : (o.rewindUs ?? 2_000_000);
  const random = o.random ?? Math.random;
  const highWater = o.highWater ?? 20_000;
  const state = o.onState ?? (() => undefined);
  let hwm = resume;
  let attempt = 0;
  // Text frames as received (their bytes), or a binary frame's bad item.
  const queue = new FrameQueue<Buffer | SourceItem>(highWater, signal);

  while (!signal.aborted) {
    const ws = new WebSocket(subscribeUrl(o, hwm === undefined ? o.startUs : hwm - rewind), {
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
      if (isBinary) {
        queue.push({
          bad: v2
            ? 'binary frame (zstdDictionary compression is not supported: leave it unset)'
            : 'binary frame (is compress on?)',
          raw: '',
        });
        return;
      }
      queue.push(data as Buffer);
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
      for await (const frames of queue.batches(() => conn.open, signal))
        for (let i = 0; i < frames.length && !isAborted(signal); i += DECODE_CHUNK) {
          const batch: SourceItem[] = [];
          for (let j = i; j < Math.min(frames.length, i + DECODE_CHUNK); j++) {
            const frame = frames[j]!;
            if (!Buffer.isBuffer(frame)) batch.push(frame);
            else if (!v2) batch.push(decodeJetstreamBytes(frame));
            else {
              const item = decodeJetstreamV2Item(frame.toString('utf8'));
              if ('info' in item) state(`info ${item.info}`);
              else batch.push(item);
            }
          }
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
