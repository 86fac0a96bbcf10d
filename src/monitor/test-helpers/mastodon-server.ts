/**
 * A local Mastodon streaming stand-in for tests and benches: one HTTP server answering both
 * transports, as Mastodon's streaming server does — WebSocket upgrades on `/api/v1/streaming`
 * (stream in the query) and Server-Sent Events on `/api/v1/streaming/<stream>` — after checking the
 * token (`Authorization: Bearer` or `access_token`, 401 otherwise). Each connection gets the frames
 * (WebSocket frames, see mastodon-events.ts; sent over SSE as `event:`/`data:` lines with `:thump`
 * heartbeats) and stays open. Mastodon has no replay, so every connection starts from the next unsent
 * frame; faults for tests: `cutAfter` ends the first connection abruptly after that many frames,
 * `repeatOnReconnect` re-sends that many of the previous connection's last frames first (a server
 * sending a status twice), `lostOnReconnect` skips that many frames at each reconnection (statuses
 * posted while the client was away), `badFrames` go out before the first frame. The REST timelines
 * (`GET /api/v1/timelines/…` with `min_id`, `since_id`, `max_id`, `limit`) serve the `update`
 * statuses among the frames posted so far (sent or skipped) and the `history` frames (posted before
 * the server started: on the timeline, never streamed), whatever the timeline named: enough for a
 * catch-up and a backfill.
 */
import { compareStatusIds } from '../mastodon/catch-up.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface MastodonServerOptions {
  token: string;
  cutAfter?: number;
  repeatOnReconnect?: number;
  lostOnReconnect?: number;
  badFrames?: string[];
  slice?: number;
  /** `update` frames posted before any connection: served by the timelines only. */
  history?: string[];
  /** The timelines answer this HTTP status with no body instead (a failing REST API). */
  timelineStatus?: number;
  /** Each timeline page is answered after this many ms (a slow or rate-limited REST API). */
  timelineDelayMs?: number;
}

export interface MastodonServer {
  /** Base URLs: `ws://127.0.0.1:P` and `http://127.0.0.1:P`. */
  wsUrl: string;
  httpUrl: string;
  /** Path + query of every request, and its HTTP status (101 for a WebSocket upgrade). */
  requests: { url: string; status: number }[];
  sent(): number;
  close(): Promise<void>;
}

export async function startMastodonServer(
  frames: string[],
  o: MastodonServerOptions,
): Promise<MastodonServer> {
  const requests: MastodonServer['requests'] = [];
  let next = 0;
  let sent = 0;
  let connections = 0;
  const slice = o.slice ?? 500;
  const authorised = (req: IncomingMessage, url: URL): boolean =>
    req.headers.authorization === `Bearer ${o.token}` || url.searchParams.get('access_token') === o.token;

  /** Sends the frames from `next` on through `send` until `stop()` or the cut. */
  const pump = (send: (f: string) => void, open: () => boolean, cut: () => void): void => {
    const first = connections++ === 0;
    if (first) for (const b of o.badFrames ?? []) send(b);
    else {
      for (const f of frames.slice(Math.max(0, next - (o.repeatOnReconnect ?? 0)), next)) send(f);
      next = Math.min(frames.length, next + (o.lostOnReconnect ?? 0));
    }
    let mine = 0;
    const step = (): void => {
      for (let n = 0; next < frames.length && n < slice; n++) {
        if (!open()) return;
        if (first && o.cutAfter !== undefined && mine >= o.cutAfter) {
          cut();
          return;
        }
        send(frames[next++]!);
        mine++;
        sent++;
      }
      if (next < frames.length) setImmediate(step);
    };
    step();
  };

  const wss = new WebSocketServer({ noServer: true });
  /** Per frame, its status when it is an `update` (parsed once: a catch-up pages through them). */
  const statusOf = (f: string): { id: string; json: unknown } | undefined => {
    try {
      const v = JSON.parse(f) as { event?: string; payload?: string };
      if (v.event !== 'update' || v.payload === undefined) return undefined;
      const json = JSON.parse(v.payload) as { id?: unknown };
      return typeof json.id === 'string' ? { id: json.id, json } : undefined;
    } catch {
      return undefined;
    }
  };
  const isStatus = (x: { id: string; json: unknown } | undefined): x is { id: string; json: unknown } =>
    x !== undefined;
  const statuses = frames.map(statusOf);
  const history = (o.history ?? []).map(statusOf).filter(isStatus);
  /** The `update` statuses posted so far (the history, then frames before `next`). */
  const posted = (): { id: string; json: unknown }[] => [
    ...history,
    ...statuses.slice(0, next).filter(isStatus),
  ];
  const timeline = (url: URL, res: ServerResponse): void => {
    const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
    const minId = url.searchParams.get('min_id');
    const sinceId = url.searchParams.get('since_id');
    const maxId = url.searchParams.get('max_id');
    const after = minId ?? sinceId;
    let page = posted()
      .filter((s) => after === null || compareStatusIds(s.id, after) > 0)
      .filter((s) => maxId === null || compareStatusIds(s.id, maxId) < 0)
      .sort((x, y) => compareStatusIds(x.id, y.id));
    // min_id: the statuses immediately newer than it; since_id, max_id (and none): the newest ones.
    page = minId !== null ? page.slice(0, limit) : page.slice(-limit);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(page.reverse().map((s) => s.json)));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/v1/timelines/')) {
      const ok = authorised(req, url);
      requests.push({ url: req.url ?? '/', status: ok ? (o.timelineStatus ?? 200) : 401 });
      if (ok && o.timelineStatus !== undefined) res.writeHead(o.timelineStatus).end();
      else if (ok)
        setTimeout(() => {
          timeline(url, res);
        }, o.timelineDelayMs ?? 0);
      else res.writeHead(401).end();
      return;
    }
    const status = !url.pathname.startsWith('/api/v1/streaming/') ? 404 : authorised(req, url) ? 200 : 401;
    requests.push({ url: req.url ?? '/', status });
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: status === 401 ? 'Missing access token' : 'Not found' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(':)\n');
    pump(
      (f) => {
        let v: { event?: string; payload?: string } = {};
        try {
          v = JSON.parse(f) as typeof v;
        } catch {
          // A frame that is not JSON (a bad frame under test) goes out as a broken update.
        }
        res.write(
          `:thump\nevent: ${v.event ?? 'update'}\ndata: ${v.event === undefined ? f : (v.payload ?? '')}\n\n`,
        );
      },
      () => !res.destroyed,
      // Dropped once what was written has left, so the client sees the frames, then the cut.
      () => res.write('', () => res.destroy()),
    );
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ok = url.pathname === '/api/v1/streaming' && authorised(req, url);
    requests.push({ url: req.url ?? '/', status: ok ? 101 : 401 });
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      pump(
        (f) => {
          ws.send(f);
        },
        () => ws.readyState === ws.OPEN,
        () => {
          ws.terminate();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    requests,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
