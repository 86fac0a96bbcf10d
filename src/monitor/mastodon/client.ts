/**
 * Mastodon streaming subscriber, over WebSocket (`ws://` / `wss://` URL: `/api/v1/streaming?stream=…`)
 * or Server-Sent Events (`http://` / `https://` URL: `/api/v1/streaming/<stream>`), the two transports
 * of Mastodon's streaming server. The token goes in an `Authorization: Bearer` header on both (the
 * streaming server also reads `access_token` from the query, which would put it in proxy logs; since
 * Mastodon 4.2 public streams need a token with `read:statuses`, or `read`).
 *
 * Streams: `public`, `public:local`, `public:remote`, `hashtag:TAG`, `hashtag:local:TAG`, `list:ID`,
 * `user`. Reconnects with capped exponential backoff and full jitter (../backoff.ts) after a drop;
 * 400/401/403/404 at connection are final (a bad token or stream: retrying would not help).
 *
 * Resume: Mastodon's streaming API has no cursor and no replay. After a reconnection, and on a restart
 * that resumes, the client catches up through the REST timeline behind the stream (catch-up.ts): the
 * statuses newer than the newest one seen (in the stream or the journal), paged forward with
 * `min_id`, are delivered before the new connection's frames, which are held meanwhile (so nothing
 * posted between the REST pages and the stream's start is missed; the overlap is dropped by id).
 * Deletes and edits made while disconnected are not recovered. A fresh start with `backfillSeconds`
 * takes the last seconds of that timeline the same way (catch-up.ts `backfill`), newest page first,
 * delivered oldest first ahead of the held frames. Positions are the receipt clock in µs, made strictly increasing, which is all the monitor's de-duplication needs to
 * order events; repeats (a status delivered again after a reconnection, or by a server bug) are
 * recognised by status id: the keys of the last `seenCapacity` events are kept (first in, first out)
 * and a repeat is marked `duplicate`. The journal's events are remembered as they are decoded on
 * restart, so a status seen before a restart is not taken twice either.
 *
 * Flow control: ../frame-queue.ts; above `highWater` queued frames the WebSocket is paused or the SSE
 * body is no longer read (TCP back-pressure reaches the server). Memory: the queue
 * (≤ highWater frames) and the seen keys.
 */
import WebSocket from 'ws';
import { LockstepError } from '../../core/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from '../backoff.js';
import type { LiveSource, SourceItem } from '../source.js';
import { FrameQueue } from '../frame-queue.js';
import {
  backfill,
  catchUp,
  compareStatusIds,
  timelineUrl,
  updateId,
  type CatchUpResult,
} from './catch-up.js';
import { decodeMastodonFrame } from './decode.js';
import { SseParser } from './sse.js';

export interface MastodonOptions {
  /** ws(s)://HOST[/api/v1/streaming] for WebSocket, http(s)://HOST[/api/v1/streaming] for SSE. */
  url: string;
  token: string;
  /** Default `public`. */
  stream?: string;
  backoff?: Backoff;
  highWater?: number;
  seenCapacity?: number;
  onState?: (state: string) => void;
  /** Catch up through the REST timeline after a reconnection or a resumed restart (default true). */
  catchUp?: boolean;
  /** At most this many REST pages of 40 statuses per catch-up or backfill (default 50). */
  catchUpPages?: number;
  /**
   * On a fresh start (nothing to resume), first take the statuses of the last this many seconds from
   * the REST timeline behind the stream (`monitor --backfill`), so the window does not start empty.
   */
  backfillSeconds?: number;
  /**
   * At most this many pages of 40 for the backfill (default 250: 10,000 statuses, within Mastodon's
   * default 300 requests per 5 minutes per account).
   */
  backfillPages?: number;
  random?: () => number;
  /** Wall clock (ms), for receipt positions. */
  now?: () => number;
}

export interface StreamSpec {
  /** Mastodon's stream name (`public:local`, `hashtag`, …). */
  name: string;
  params: Record<string, string>;
}

/** `hashtag:vote` → `{name: 'hashtag', params: {tag: 'vote'}}`; throws ERR_USAGE on an unknown stream. */
export function parseStream(spec: string): StreamSpec {
  const simple = ['public', 'public:local', 'public:remote', 'user'];
  if (simple.includes(spec)) return { name: spec, params: {} };
  const tag = /^hashtag:(local:)?#?(.+)$/.exec(spec);
  if (tag) return { name: tag[1] ? 'hashtag:local' : 'hashtag', params: { tag: tag[2]! } };
  const list = /^list:([0-9A-Za-z_-]+)$/.exec(spec);
  if (list) return { name: 'list', params: { list: list[1]! } };
  throw new LockstepError(
    'ERR_USAGE',
    `--stream ${spec}: expected public, public:local, public:remote, hashtag:TAG, hashtag:local:TAG, list:ID or user`,
    { option: '--stream' },
  );
}

const isWebSocketUrl = (u: URL): boolean => u.protocol === 'ws:' || u.protocol === 'wss:';

/** The URL one connection opens: the streaming endpoint with the stream in the path (SSE) or query (WS). */
export function streamingUrl(o: Pick<MastodonOptions, 'url' | 'stream'>): string {
  const url = new URL(o.url);
  const s = parseStream(o.stream ?? 'public');
  const base = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1\/streaming.*$/, '');
  if (isWebSocketUrl(url)) {
    url.pathname = `${base}/api/v1/streaming`;
    url.searchParams.set('stream', s.name);
  } else url.pathname = `${base}/api/v1/streaming/${s.name.replace(':', '/')}`;
  for (const [k, v] of Object.entries(s.params)) url.searchParams.set(k, v);
  return url.toString();
}

/** One connection, whichever the transport: pushes frame texts, reports its end. */
interface Connection {
  pause(): void;
  resume(): void;
  close(): void;
}

interface ConnectionEvents {
  open(): void;
  frame(text: string): void;
  /** `status`: the HTTP status that refused the connection, if one did. */
  end(reason: string, status?: number): void;
}

function openWebSocket(url: string, token: string, on: ConnectionEvents): Connection {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  let refused: number | undefined;
  ws.on('open', () => {
    on.open();
  });
  ws.on('message', (data, isBinary) => {
    on.frame(isBinary ? '' : (data as Buffer).toString('utf8'));
  });
  ws.on('error', (e) => {
    // ws reports a refused upgrade as "Unexpected server response: 401".
    const m = /Unexpected server response: (\d+)/.exec(e.message);
    if (m) refused = Number(m[1]);
  });
  ws.on('close', (code) => {
    on.end(refused === undefined ? `closed (${code})` : `refused (HTTP ${refused})`, refused);
  });
  return {
    pause: () => {
      ws.pause();
    },
    resume: () => {
      ws.resume();
    },
    close: () => {
      ws.terminate();
    },
  };
}

function openSse(url: string, token: string, streamName: string, on: ConnectionEvents): Connection {
  const abort = new AbortController();
  const flow: { paused: boolean; resume?: () => void } = { paused: false };
  const read = async (): Promise<void> => {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!res.ok || res.body === null) {
      await res.body?.cancel();
      on.end(`refused (HTTP ${res.status})`, res.status);
      return;
    }
    on.open();
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      if (flow.paused) await new Promise<void>((r) => (flow.resume = r));
      const { value, done } = (await reader.read()) as { value?: Uint8Array; done: boolean };
      if (done) break;
      // Re-wrapped as a WebSocket frame: one decoder and one journal format for both transports.
      for (const m of parser.push(decoder.decode(value, { stream: true })))
        on.frame(JSON.stringify({ stream: [streamName], event: m.event, payload: m.data }));
    }
    on.end('closed (end of stream)');
  };
  read().catch((e: unknown) => {
    on.end(`error: ${e instanceof Error ? e.message : String(e)}`);
  });
  return {
    pause: () => {
      flow.paused = true;
    },
    resume: () => {
      flow.paused = false;
      const r = flow.resume;
      flow.resume = undefined;
      r?.();
    },
    close: () => {
      abort.abort();
      flow.resume?.();
    },
  };
}

/** Read through a call: the flag changes while the generator waits, which narrowing cannot see. */
const isAborted = (s: AbortSignal): boolean => s.aborted;

const FINAL_STATUS = new Set([400, 401, 403, 404]);

/** How the status line names a fetch from the REST timeline: done, failed, and what a failure costs. */
interface HistoryWords {
  done: string;
  name: string;
  lost: string;
}
const CATCH_UP: HistoryWords = { done: 'caught up', name: 'catch-up', lost: 'events meanwhile are missed' };
const BACKFILL: HistoryWords = { done: 'backfilled', name: 'backfill', lost: 'the window starts empty' };

export function mastodonSource(o: MastodonOptions): LiveSource {
  const host = new URL(o.url).host;
  const seen = new Map<string, true>();
  const capacity = o.seenCapacity ?? 100_000;
  /** True when the key was seen before; remembers it otherwise. */
  const repeat = (key: string): boolean => {
    if (seen.has(key)) return true;
    seen.set(key, true);
    if (seen.size > capacity) seen.delete(seen.keys().next().value!);
    return false;
  };
  // The newest status seen, live or in the journal: where a catch-up starts.
  const newest: { id?: string } = {};
  const item = (raw: string, pos: number): SourceItem => {
    const d = decodeMastodonFrame(raw, host, pos / 1e6);
    if (!d.ok) return { bad: d.reason, raw };
    const e = d.event;
    if (e.kind === 'post' && (newest.id === undefined || compareStatusIds(e.id, newest.id) > 0))
      newest.id = e.id;
    return {
      pos,
      key: e.key,
      raw,
      // Deletes and notifications carry no time of their own: they must not move the ticks.
      time: e.kind === 'post' || e.kind === 'edit' ? e.time : NaN,
      posts: e.kind === 'post' ? [e.post] : [],
      duplicate: e.kind !== 'other' && repeat(e.key) ? true : undefined,
    };
  };
  const history = { fetching: false };
  return {
    label: `mastodon ${host}`,
    decode: item,
    fetchingHistory: () => history.fetching,
    items: (resume, signal) => subscribe(o, resume, signal, item, () => newest.id, history),
  };
}

async function* subscribe(
  o: MastodonOptions,
  resume: number | undefined,
  signal: AbortSignal,
  item: (raw: string, pos: number) => SourceItem,
  newestId: () => string | undefined,
  history: { fetching: boolean },
): AsyncGenerator<SourceItem[]> {
  const url = streamingUrl(o);
  const ws = isWebSocketUrl(new URL(url));
  const spec = parseStream(o.stream ?? 'public');
  const streamName = spec.name;
  const random = o.random ?? Math.random;
  const now = o.now ?? Date.now;
  const highWater = o.highWater ?? 20_000;
  const state = o.onState ?? (() => undefined);
  let pos = resume ?? 0;
  const nextPos = (): number => (pos = Math.max(pos + 1, Math.floor(now() * 1000)));
  let attempt = 0;
  let connections = 0;
  const backfilled = { done: false };
  const queue = new FrameQueue<SourceItem>(highWater, signal);
  const toItem = (text: string): SourceItem =>
    text === '' ? { bad: 'binary frame', raw: '' } : item(text, nextPos());

  while (!signal.aborted) {
    // Mutated by the connection's callbacks, so kept in an object rather than narrowed locals.
    const conn: { open: boolean; received: boolean; refused?: number } = { open: true, received: false };
    // After a drop, or on a restart that resumes: hold the stream's frames until the catch-up is in.
    const since = connections++ > 0 || resume !== undefined ? newestId() : undefined;
    // A fresh start backfills once; a first connection refused or dropped before it did tries again.
    const backfillFrom =
      resume === undefined && since === undefined && !backfilled.done && o.backfillSeconds !== undefined
        ? now() - o.backfillSeconds * 1000
        : undefined;
    const release = (): void => {
      const held = hold.frames ?? [];
      hold.frames = undefined;
      for (const t of held) queue.push(toItem(t));
    };
    const deliver = async (words: HistoryWords, fetch: () => Promise<CatchUpResult>): Promise<void> => {
      history.fetching = true;
      try {
        const r = await fetch();
        for (const s of r.statuses)
          queue.push(
            item(JSON.stringify({ stream: [streamName], event: 'update', payload: s.json }), nextPos()),
          );
        state(
          `${words.done} ${r.statuses.length} statuses from the REST timeline` +
            (r.truncated ? ' (page limit reached: older ones missed)' : ''),
        );
      } catch (e) {
        state(`${words.name} failed (${e instanceof Error ? e.message : String(e)}): ${words.lost}`);
      } finally {
        history.fetching = false;
        release();
      }
    };
    const timeline = timelineUrl(url, spec);
    // What this connection fetches from the REST timeline once it opens, if anything; its frames are
    // held until that is in.
    const fetchHistory: (() => Promise<void>) | undefined =
      o.catchUp !== false && since !== undefined
        ? () =>
            deliver(CATCH_UP, () =>
              catchUp(timeline, o.token, since, {
                maxPages: o.catchUpPages,
                signal,
                until: () => hold.first,
              }),
            )
        : backfillFrom !== undefined
          ? () => {
              backfilled.done = true;
              return deliver(BACKFILL, () =>
                backfill(timeline, o.token, backfillFrom, { maxPages: o.backfillPages ?? 250, signal }),
              );
            }
          : undefined;
    const hold: { frames?: string[]; first?: string } = { frames: fetchHistory ? [] : undefined };
    const events: ConnectionEvents = {
      open: () => {
        state('connected');
        if (fetchHistory !== undefined) void fetchHistory();
      },
      frame: (text) => {
        conn.received = true;
        if (hold.frames !== undefined) {
          hold.frames.push(text);
          // The first status the new connection delivers newer than the last one seen ends the gap.
          const id = hold.first === undefined && since !== undefined ? updateId(text) : undefined;
          if (id !== undefined && compareStatusIds(id, since!) > 0) hold.first = id;
        } else queue.push(toItem(text));
      },
      end: (reason, status) => {
        if (!conn.open) return;
        conn.open = false;
        conn.refused = status;
        state(reason);
        // A connection that never opened has no catch-up under way: what it held goes out now.
        if (hold.frames !== undefined && status !== undefined) release();
        queue.notify();
      },
    };
    const c = ws ? openWebSocket(url, o.token, events) : openSse(url, o.token, streamName, events);
    queue.attach(c);
    const onAbort = (): void => {
      c.close();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      yield* queue.batches(() => conn.open, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      c.close();
    }
    if (isAborted(signal)) break;
    if (conn.refused !== undefined && FINAL_STATUS.has(conn.refused))
      throw new LockstepError(
        'ERR_MONITOR_SOURCE_REFUSED',
        `mastodon ${new URL(url).host} refused the ${streamName} stream (HTTP ${conn.refused}): ` +
          (conn.refused === 401 || conn.refused === 403
            ? 'check the token (it needs read:statuses) and --token-env'
            : 'check the URL and --stream'),
        { status: conn.refused, stream: streamName },
      );
    attempt = conn.received ? 1 : attempt + 1;
    const delay = backoffDelay(attempt, o.backoff ?? DEFAULT_BACKOFF, random);
    state(`reconnecting in ${(delay / 1000).toFixed(1)} s (then catching up through the REST timeline)`);
    await sleep(delay, signal);
  }
}
