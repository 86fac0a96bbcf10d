/**
 * The server side of bench/exchange-load.ts: a child process that opens a store (a SQLite file or a
 * PostgreSQL schema), applies a one-collection configuration, builds the real app and listens on
 * loopback port 0 — the same steps as `lockstep serve`, but with the store options a fresh schema
 * needs. A separate process so the load generator and the server do not share one event loop, and so
 * the server's own CPU time can be reported.
 *
 * Talks to its parent over the IPC channel only: sends `{ port }` once listening, answers `'cpu'` with
 * `process.cpuUsage()` and `'stop'` by closing the app and the store and exiting.
 *
 *   (forked by exchange-load.ts) node --import tsx bench/exchange-server.ts --db FILE
 *     | --pg URL --schema S [--pg-options='-c name=value'] [--trace-slow MS]
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyConfig, parseConfig } from '../src/exchange/config.js';
import { buildApp } from '../src/server/app.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { benchConfig } from './exchange-fixture.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    pool: { type: 'string', default: '10' },
    /** Extra PostgreSQL session settings, e.g. `-c max_parallel_workers_per_gather=0` (needs --schema). */
    'pg-options': { type: 'string' },
    /** Log (stderr, JSON lines) every request slower than this many ms, with where its time went. */
    'trace-slow': { type: 'string' },
    /** The store never runs ANALYZE (to measure what its statistics keeper is worth). */
    'no-store-analyze': { type: 'boolean', default: false },
  },
});

async function openPg(url: string, schema: string | undefined) {
  const extra = values['pg-options'];
  if (extra === undefined || schema === undefined)
    return openPostgresStore({ url, max: Number(values.pool), ...(schema ? { schema } : {}) });
  // The store sets search_path itself when given a schema; to add settings, create the schema here
  // and pass search_path and the settings together as the connection's options.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await c.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema} ${extra}`);
  return openPostgresStore({ url: u.toString(), max: Number(values.pool) });
}
/**
 * Diagnostics on stderr (JSON lines): every request slower than `ms` from its arrival (headers parsed)
 * to its last byte written, with the gap since the previous answer on the same connection; requests
 * whose connection closed before the answer; and every 5 s the number of open connections — fewer
 * than the clients have opened means connections wait in the kernel's accept queue (how the 200-client
 * run lost requests: libuv accepts one connection per event-loop turn).
 */
function traceSlow(server: Server, ms: number): void {
  const lastDone = new WeakMap<object, number>();
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => open--);
  });
  const log = (o: Record<string, unknown>) => {
    process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...o })}\n`);
  };
  setInterval(() => {
    log({ openConnections: open });
  }, 5000).unref();
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const t0 = performance.now();
    const prev = lastDone.get(req.socket);
    res.on('close', () => {
      if (!res.writableFinished)
        log({ method: req.method, closedUnansweredAfterMs: Math.round(performance.now() - t0) });
    });
    res.on('finish', () => {
      const t1 = performance.now();
      lastDone.set(req.socket, t1);
      if (t1 - t0 >= ms)
        log({
          method: req.method,
          url: req.url?.slice(0, 60),
          totalMs: Math.round(t1 - t0),
          sincePreviousAnswerMs: prev === undefined ? null : Math.round(t0 - prev),
        });
    });
  });
}

if (process.send === undefined) throw new Error('exchange-server.ts is forked by exchange-load.ts');
const send = process.send.bind(process);

const store = values.pg
  ? await openPg(values.pg, values.schema)
  : await openSqliteStore({ file: values.db ?? 'bench/data/exchange.db' });
if (values['no-store-analyze']) store.analyze = () => Promise.resolve();
await applyConfig(store, parseConfig(benchConfig));
const app = await buildApp({ store });
await app.listen({ port: 0, host: '127.0.0.1' });
const traceMs = values['trace-slow'] === undefined ? undefined : Number(values['trace-slow']);
if (traceMs !== undefined) traceSlow(app.server, traceMs);
const addr = app.server.address();
send({ port: typeof addr === 'object' && addr ? addr.port : 0 });

// The parent died without saying stop: do not linger as an orphan holding the port and the store.
process.on('disconnect', () => {
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
});
process.on('message', (msg) => {
  if (msg === 'cpu') send({ cpu: process.cpuUsage() });
  if (msg === 'stop') {
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  }
});
