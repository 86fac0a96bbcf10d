/**
 * The monitor's health endpoint when it runs as a service: `GET /health` answers a JSON snapshot
 * (events, events/s, lag, last detection, window size, journal size, alerts, webhook deliveries) with
 * 200, or 503 when the stream is stale — no new event for `staleSeconds` of wall clock — so a
 * supervisor or load balancer can restart or page. Anything else is 404 (405 for another method on
 * /health). It holds counts only: no account, post or secret, so it needs no authentication; it binds
 * to 127.0.0.1 unless told otherwise.
 *
 * node:http rather than the project's fastify app: one read-only route, and the monitor should not
 * load the TAXII/workspace server to answer it. Cost: one snapshot per request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LockstepError } from '../core/errors.js';

export interface HealthSnapshot {
  status: 'ok' | 'stale' | 'starting';
  events: number;
  events_per_second: number;
  /** Wall clock minus the newest event's time, seconds (null before the first event). */
  lag_seconds: number | null;
  /** Seconds of wall clock since the last new event (null before the first). */
  idle_seconds: number | null;
  last_tick: { event_time: string; detected_at: string; duration_ms: number } | null;
  window_posts: number;
  journal_bytes: number;
  networks: number;
  alerts: number;
  bad_frames: number;
  duplicates: number;
  webhook?: { delivered: number; failed: number; retries: number; pending: number };
  /** With --db: cases opened, store failures, and alerts still waiting for their case. */
  workspace?: { cases: number; errors: number; pending: number };
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(o: {
  port: number;
  host?: string;
  snapshot: () => HealthSnapshot;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      res.end('{"error":"method not allowed"}\n');
      return;
    }
    const snap = o.snapshot();
    res.writeHead(snap.status === 'stale' ? 503 : 200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(snap) + '\n');
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        new LockstepError('ERR_USAGE', `cannot serve health on ${host}:${o.port}: ${e.code ?? e.message}`, {
          option: '--health',
        }),
      );
    });
    server.listen(o.port, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
