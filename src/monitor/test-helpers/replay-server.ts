/**
 * A local Jetstream stand-in for tests and benches: a WebSocket server (the `ws` package) that
 * replays a list of frames to each subscriber the way Jetstream v1 does — from `cursor` (unix µs,
 * inclusive) when given, filtered by `wantedCollections` (NSIDs, `app.bsky.feed.*` prefixes allowed)
 * and `wantedDids` — then stays open. Faults for tests: `cutAfter` drops the connection abruptly after
 * that many frames of the first connection; `badFrames` are sent before the first frame. Frames whose
 * text is not JSON (a bad frame under test) are always sent.
 *
 * `version: 2` serves Jetstream v2 instead (frames from jetstream-events.ts `toV2Frames`) at
 * `/xrpc/network.bsky.jetstream.subscribeEvents`: `cursor` is a seq replayed inclusively, or, from
 * 1e15 up, unix µs translated to the first event witnessed at or after it (an `#info OutdatedCursor`
 * frame first when that is before the oldest event); filters `collections`, `dids`, `kinds`.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { unixMicros } from '../jetstream/decode-v2.js';

export interface ReplayOptions {
  cutAfter?: number;
  badFrames?: string[];
  /** Send frames in slices of this many, yielding to the event loop between slices. */
  slice?: number;
  /** Wait this long between slices (a slow live stream rather than a fast replay). */
  delayMs?: number;
  /** Serve the Jetstream v2 wire (default 1). */
  version?: 1 | 2;
  /**
   * Pace the replay like a live stream: a frame is sent once the wall clock since the first frame,
   * times `speed`, reaches its time_us since the first frame's (1: real time; 60: an hour a minute).
   */
  speed?: number;
}

export interface ReplayServer {
  url: string;
  /** The request URLs (path + query) of every connection so far. */
  requests: string[];
  /** Frames sent over all connections. */
  sent(): number;
  close(): Promise<void>;
}

interface Meta {
  timeUs: number;
  did: string;
  collection?: string;
  /** v2 only. */
  seq?: number;
  kind?: string;
}

interface V2Payload {
  $type?: string;
  seq?: number;
  did?: string;
  time?: string;
  collection?: string;
}

function metaOf(frame: string): Meta | undefined {
  try {
    const v = JSON.parse(frame) as {
      time_us?: number;
      did?: string;
      commit?: { collection?: string };
      payload?: V2Payload;
    };
    const p = v.payload;
    if (p !== undefined)
      return {
        // To the µs, as the client reads it (Date.parse would drop the microseconds).
        timeUs: unixMicros(p.time ?? ''),
        did: p.did ?? '',
        collection: p.collection,
        seq: p.seq,
        kind: p.$type?.split('#')[1],
      };
    return { timeUs: v.time_us ?? 0, did: v.did ?? '', collection: v.commit?.collection };
  } catch {
    return undefined;
  }
}

const V2_PATH = '/xrpc/network.bsky.jetstream.subscribeEvents';

/** v2's cursor: a seq, or (≥ 1e15) unix µs → the first seq at or after it. */
function v2Start(metas: (Meta | undefined)[], cursor: number): { seq: number; outdated: boolean } {
  if (cursor < 1e15) return { seq: cursor, outdated: false };
  const first = metas.find((m) => m?.seq !== undefined);
  const at = metas.find((m) => m?.seq !== undefined && m.timeUs >= cursor);
  return { seq: at?.seq ?? Infinity, outdated: first !== undefined && cursor < first.timeUs };
}

function wanted(m: Meta, collections: string[], dids: string[]): boolean {
  if (dids.length > 0 && !dids.includes(m.did)) return false;
  if (collections.length === 0 || m.collection === undefined) return true;
  return collections.some((c) =>
    c.endsWith('.*') ? m.collection!.startsWith(c.slice(0, -1)) : c === m.collection,
  );
}

export async function startReplayServer(
  frames: string[],
  options: ReplayOptions = {},
): Promise<ReplayServer> {
  const metas = frames.map(metaOf);
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const requests: string[] = [];
  let sent = 0;
  let connections = 0;
  const slice = options.slice ?? 2000;
  wss.on('connection', (ws: WebSocket, req) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(req.url ?? '/');
    const first = connections++ === 0;
    const v2 = options.version === 2;
    const cursor = Number(url.searchParams.get('cursor') ?? 0);
    const collections = url.searchParams.getAll(v2 ? 'collections' : 'wantedCollections');
    const dids = url.searchParams.getAll(v2 ? 'dids' : 'wantedDids');
    const kinds = url.searchParams.getAll('kinds');
    const start = v2 ? v2Start(metas, cursor) : undefined;
    if (start?.outdated === true)
      ws.send(
        JSON.stringify({
          $type: 'message',
          payload: {
            $type: `${V2_PATH.slice(6)}#info`,
            name: 'OutdatedCursor',
            message: `from seq ${start.seq}`,
          },
        }),
      );
    const skip = (m: Meta): boolean =>
      start === undefined
        ? m.timeUs < cursor
        : m.seq === undefined || m.seq < start.seq || (kinds.length > 0 && !kinds.includes(m.kind ?? ''));
    if (first) for (const b of options.badFrames ?? []) ws.send(b);
    let i = 0;
    let mine = 0;
    const paced = { wall: NaN, eventUs: NaN };
    const pump = (): void => {
      // A slice counts the frames sent, not the ones skipped before the cursor.
      for (let n = 0; i < frames.length && n < slice; i++) {
        if (ws.readyState !== ws.OPEN) return;
        const m = metas[i];
        if (m !== undefined && (skip(m) || !wanted(m, collections, dids))) continue;
        if (options.speed !== undefined && m !== undefined) {
          if (Number.isNaN(paced.wall)) {
            paced.wall = performance.now();
            paced.eventUs = m.timeUs;
          }
          const dueMs = (m.timeUs - paced.eventUs) / 1000 / options.speed;
          const wait = paced.wall + dueMs - performance.now();
          if (wait > 0) {
            setTimeout(pump, Math.min(wait, 1000));
            return;
          }
        }
        n++;
        if (first && options.cutAfter !== undefined && mine >= options.cutAfter) {
          ws.terminate();
          return;
        }
        ws.send(frames[i]!);
        mine++;
        sent++;
      }
      if (i < frames.length) {
        if (options.delayMs === undefined) setImmediate(pump);
        else setTimeout(pump, options.delayMs);
      }
    };
    pump();
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}${options.version === 2 ? V2_PATH : '/subscribe'}`,
    requests,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => {
          resolve();
        });
      }),
  };
}
