/**
 * TAXII exchange load bench (issue #3), over real HTTP on loopback against the real server in a child
 * process (bench/exchange-server.ts), on a fresh SQLite file under bench/data/ and on a fresh
 * PostgreSQL schema (dropped afterwards):
 *
 *  1. ingest: N valid indicators POSTed in envelopes of 10,000 (one at a time; the next body is built
 *     once the current one is sent, while the server works) — objects/s, per-envelope latency, server CPU seconds;
 *  2. walk: the whole collection in pages of 1,000 following `next` — objects/s, total seconds, and the
 *     page latency p50/p99 along the walk;
 *  3. pages: GETs of 1,000 at random `next` cursors collected during the walk, and at random
 *     `added_after` values (the walk's X-TAXII-Date-Added-Last headers) — p50/p99;
 *  4. concurrent: autocannon, 200 connections for --seconds, each cycling three page GETs at random
 *     cursors and one POST of 10 new indicators — requests/s, latency p50/p99, errors (connection
 *     errors, timeouts, non-2xx answers and POST statuses not reporting every object stored).
 *
 *   node --import tsx bench/exchange-load.ts [--n 1000000] [--seconds 60] [--stores sqlite,pg]
 *     [--pg postgres://postgres@127.0.0.1:5432/test] [--pg-options='-c max_parallel_workers_per_gather=0']
 *     [--samples 300] [--connections 200] [--seed 1] [--trace-slow MS (server diagnostics on stderr)]
 *     [--skip-analyze (PostgreSQL: no manual ANALYZE after the fill, the store's own statistics only)]
 *     [--no-store-analyze (with --skip-analyze: the store does not analyse either, as before issue 10)]
 *     [--profile-dir DIR (CPU profile of the server)]
 *
 * Prints one markdown table per store, with `uptime` before and after and CPU seconds of the server
 * and of this (client) process per phase: the machine is shared, CPU time is the steadier number.
 */
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  BENCH_COLLECTION,
  BENCH_PASSWORD,
  BENCH_ROOT,
  BENCH_USER,
  envelopeBody,
} from './exchange-fixture.js';
import { seededRandom } from '../src/test-helpers/seeded-random.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    envelope: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '200' },
    samples: { type: 'string', default: '300' },
    'mix-limit': { type: 'string', default: '1000' },
    'post-size': { type: 'string', default: '10' },
    timeout: { type: 'string', default: '30' },
    stores: { type: 'string', default: 'sqlite,pg' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    /** Extra server session settings, e.g. `-c max_parallel_workers_per_gather=0`. */
    'pg-options': { type: 'string' },
    seed: { type: 'string', default: '1' },
    /** Passed to the server: log requests slower than this many ms (bench/exchange-server.ts). */
    'trace-slow': { type: 'string' },
    /** PostgreSQL: no manual ANALYZE after the fill; the store keeps its own statistics (issue 10). */
    'skip-analyze': { type: 'boolean', default: false },
    /** With --skip-analyze: the server's store never analyses either (the behaviour before issue 10). */
    'no-store-analyze': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of the server process into this folder (node --cpu-prof). */
    'profile-dir': { type: 'string' },
  },
});
const N = Number(values.n);
const ENVELOPE = Number(values.envelope);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const SAMPLES = Number(values.samples);
const MIX_LIMIT = Number(values['mix-limit']);
const POST_SIZE = Number(values['post-size']);
const TIMEOUT_S = Number(values.timeout);
for (const [k, v] of Object.entries({ N, ENVELOPE, SECONDS, CONNECTIONS, SAMPLES, MIX_LIMIT, POST_SIZE })) {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${k.toLowerCase()} must be a positive integer`);
}

const MEDIA = 'application/taxii+json;version=2.1';
const AUTH = `Basic ${Buffer.from(`${BENCH_USER}:${BENCH_PASSWORD}`).toString('base64')}`;
const OBJECTS_PATH = `/${BENCH_ROOT}/collections/${BENCH_COLLECTION}/objects/`;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
function p50p99(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${quantile(s, 0.5).toFixed(1)} / ${quantile(s, 0.99).toFixed(1)} ms`;
}
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

interface Server {
  base: string;
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(args: string[]): Promise<Server> {
  const trace = values['trace-slow'];
  const child = fork(
    new URL('./exchange-server.ts', import.meta.url).pathname,
    [...args, ...(trace ? [`--trace-slow=${trace}`] : [])],
    {
      execArgv: [
        '--import',
        'tsx',
        ...(values['profile-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-dir']}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => {
      resolve((m as { port: number }).port);
    });
    child.once('exit', (code) => {
      reject(new Error(`bench server exited with ${String(code)} before listening`));
    });
  });
  const ask = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => {
        const cpu = (m as { cpu: NodeJS.CpuUsage }).cpu;
        resolve((cpu.user + cpu.system) / 1e6);
      });
      child.send('cpu');
    });
  return {
    base: `http://127.0.0.1:${port}`,
    cpuSeconds: ask,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
        child.send('stop');
      }),
  };
}

function clientCpuSeconds(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

interface Envelope {
  objects?: unknown[];
  more?: boolean;
  next?: string;
}
interface Status {
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
}

async function getPage(
  base: string,
  query: string,
): Promise<{ ms: number; env: Envelope; last: string | null }> {
  const t = performance.now();
  const res = await fetch(`${base}${OBJECTS_PATH}?${query}`, {
    headers: { accept: MEDIA, authorization: AUTH },
  });
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`GET ${query}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return { ms, env: JSON.parse(text) as Envelope, last: res.headers.get('x-taxii-date-added-last') };
}

/**
 * POSTs an envelope over node:http rather than fetch so the caller learns when the body has been
 * handed to the kernel (`sent`): the ingest loop builds the next body only then. Building it (~50–100 ms
 * of synchronous work for 10,000 objects) between starting a fetch and awaiting it stalled the upload
 * itself, so the server sat idle for that long before every envelope.
 */
function post(base: string, body: string, expected: number): { sent: Promise<void>; done: Promise<void> } {
  const payload = Buffer.from(body, 'utf8');
  let markSent!: () => void;
  const sent = new Promise<void>((r) => (markSent = r));
  const done = new Promise<void>((resolve, reject) => {
    const req = httpRequest(
      `${base}${OBJECTS_PATH}`,
      {
        method: 'POST',
        headers: {
          accept: MEDIA,
          'content-type': MEDIA,
          authorization: AUTH,
          'content-length': payload.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 202) {
            reject(new Error(`POST: HTTP ${String(res.statusCode)} ${text.slice(0, 300)}`));
            return;
          }
          const st = JSON.parse(text) as Status;
          if (st.success_count !== expected || st.failure_count !== 0)
            reject(new Error(`POST: ${st.success_count}/${expected} stored, ${st.failure_count} failures`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(payload, markSent);
  });
  return { sent, done };
}

/**
 * `afterFill` runs between the fill and the reads: on PostgreSQL it runs ANALYZE, which autovacuum would
 * do in a default installation (the CI/test server here runs with autovacuum off). Its label and
 * duration go into the table.
 */
async function run(
  name: string,
  server: Server,
  afterFill?: { label: string; fn: () => Promise<string> },
): Promise<string[]> {
  const rows: string[][] = [];
  const add = (...r: string[]) => rows.push(r);
  const random = seededRandom(Number(values.seed));
  const before = uptime();

  // 1. ingest
  let cpu0 = await server.cpuSeconds();
  let c0 = clientCpuSeconds();
  const envMs: number[] = [];
  let t = performance.now();
  let body = envelopeBody(0, Math.min(ENVELOPE, N));
  for (let s = 0; s < N; s += ENVELOPE) {
    const count = Math.min(ENVELOPE, N - s);
    const t1 = performance.now();
    const { sent, done } = post(server.base, body, count);
    await Promise.race([sent, done]);
    if (s + ENVELOPE < N) body = envelopeBody(s + ENVELOPE, Math.min(ENVELOPE, N - s - ENVELOPE));
    await done;
    envMs.push(performance.now() - t1);
  }
  let secs = (performance.now() - t) / 1000;
  let cpu = (await server.cpuSeconds()) - cpu0;
  add(
    `ingest, ${ENVELOPE.toLocaleString('en-US')}-object envelopes`,
    `${fmt(N / secs)} objects/s (${fmt(N)} in ${secs.toFixed(1)} s)`,
    `envelope ${p50p99(envMs)}; server CPU ${cpu.toFixed(1)} s (${fmt(N / cpu)} objects per CPU-s), client CPU ${(clientCpuSeconds() - c0).toFixed(1)} s`,
  );

  if (afterFill) {
    const t0 = performance.now();
    const detail = await afterFill.fn();
    add(afterFill.label, `${((performance.now() - t0) / 1000).toFixed(1)} s`, detail);
  }

  // 2. full walk (collecting cursors and date_added positions for the samples below)
  cpu0 = await server.cpuSeconds();
  c0 = clientCpuSeconds();
  const cursors: string[] = [];
  const lasts: string[] = [];
  const walkMs: number[] = [];
  let seen = 0;
  let next: string | undefined;
  t = performance.now();
  for (let guard = 0; guard < N / 1000 + 10; guard++) {
    const page = await getPage(server.base, `limit=1000${next ? `&next=${next}` : ''}`);
    walkMs.push(page.ms);
    seen += page.env.objects?.length ?? 0;
    if (page.last) lasts.push(page.last);
    next = page.env.more ? page.env.next : undefined;
    if (!next) break;
    cursors.push(next);
  }
  secs = (performance.now() - t) / 1000;
  cpu = (await server.cpuSeconds()) - cpu0;
  if (seen !== N) throw new Error(`walk saw ${seen} objects, expected ${N}`);
  add(
    'full walk, pages of 1,000 by `next`',
    `${fmt(seen / secs)} objects/s (${fmt(seen)} in ${secs.toFixed(1)} s)`,
    `page ${p50p99(walkMs)} over ${walkMs.length} pages; server CPU ${cpu.toFixed(1)} s, client CPU ${(clientCpuSeconds() - c0).toFixed(1)} s`,
  );

  // 3. pages at random positions
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  for (const [label, query] of [
    ['GET 1,000 at a random `next`', () => `limit=1000&next=${pick(cursors)}`],
    ['GET 1,000 at a random `added_after`', () => `limit=1000&added_after=${pick(lasts)}`],
  ] as const) {
    if (cursors.length === 0) break;
    const ms: number[] = [];
    let objs = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const page = await getPage(server.base, query());
      ms.push(page.ms);
      objs += page.env.objects?.length ?? 0;
    }
    add(
      label,
      p50p99(ms),
      `p50 / p99 of ${SAMPLES} sequential GETs, ${fmt(objs / SAMPLES)} objects per page`,
    );
  }

  // 4. concurrent clients
  cpu0 = await server.cpuSeconds();
  c0 = clientCpuSeconds();
  let nextId = 10_000_000_000; // far above any fill id
  let badStatus = 0;
  const getReq: autocannon.Request = {
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: `${OBJECTS_PATH}?limit=${MIX_LIMIT}&next=${pick(cursors)}` }),
  };
  const postReq: autocannon.Request = {
    method: 'POST',
    path: OBJECTS_PATH,
    headers: { 'content-type': MEDIA },
    setupRequest: (req) => {
      const b = envelopeBody(nextId, POST_SIZE);
      nextId += POST_SIZE;
      return { ...req, body: b };
    },
    onResponse: (status, resBody) => {
      if (status === 202 && (JSON.parse(resBody) as Status).success_count !== POST_SIZE) badStatus++;
    },
  };
  const result = await autocannon({
    url: server.base,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: TIMEOUT_S,
    headers: { accept: MEDIA, authorization: AUTH },
    requests: [getReq, getReq, getReq, postReq],
  });
  cpu = (await server.cpuSeconds()) - cpu0;
  const codes = Object.entries(result.statusCodeStats ?? {})
    .map(([k, v]) => `${k}: ${fmt(v.count ?? 0)}`)
    .join(', ');
  const errors = result.errors + result.non2xx + badStatus;
  add(
    `${CONNECTIONS} concurrent clients, ${SECONDS} s (3 GET of ${MIX_LIMIT} : 1 POST of ${POST_SIZE})`,
    `${result.requests.average.toFixed(1)} requests/s; latency ${result.latency.p50} / ${result.latency.p99} ms (p50 / p99); **${errors} errors**`,
    `${fmt(result.requests.total)} requests (${codes}); connection errors ${result.errors} (timeouts ${result.timeouts}, limit ${TIMEOUT_S} s), non-2xx ${result.non2xx}, bad POST statuses ${badStatus}; server CPU ${cpu.toFixed(1)} s, client CPU ${(clientCpuSeconds() - c0).toFixed(1)} s`,
  );

  return [
    `### ${name}`,
    '',
    `uptime before: ${before}`,
    '',
    '| measure | result | detail |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `uptime after: ${uptime()}`,
    '',
  ];
}

const out: string[] = [
  `## Exchange load: ${fmt(N)} objects (Node ${process.version}, ${new Date().toISOString()})`,
  '',
];
const stores = values.stores.split(',').map((s) => s.trim());
if (stores.includes('sqlite')) {
  const dir = join(new URL('.', import.meta.url).pathname, 'data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `exchange-${process.pid}.db`);
  const server = await startServer(['--db', file]);
  try {
    out.push(...(await run('SQLite (file, WAL, synchronous=FULL)', server)));
  } finally {
    await server.stop();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
  out.length = 0;
}
if (stores.includes('pg')) {
  const schema = `lockstep_exbench_${process.pid}`;
  const server = await startServer([
    '--pg',
    values.pg,
    '--schema',
    schema,
    ...(values['no-store-analyze'] ? ['--no-store-analyze'] : []),
    ...(values['pg-options'] ? [`--pg-options=${values['pg-options']}`] : []),
  ]);
  try {
    const storeAnalysed = {
      label: values['no-store-analyze']
        ? 'no ANALYZE at all (store statistics turned off)'
        : 'no manual ANALYZE (the store analyses after bulk writes)',
      fn: async () => {
        const c = new pg.Client({ connectionString: values.pg });
        await c.connect();
        try {
          const st = await c.query<{ last_analyze: Date | null; reltuples: number }>(
            `SELECT s.last_analyze, c.reltuples FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
             WHERE s.schemaname = $1 AND s.relname = 'objects'`,
            [schema],
          );
          const r = st.rows[0];
          return `last ANALYZE by the store ${r?.last_analyze?.toISOString() ?? 'never'}, planner sees ${r?.reltuples ?? '?'} rows`;
        } finally {
          await c.end();
        }
      },
    };
    const lines = await run(
      `PostgreSQL (schema ${schema}, pool 10${values['pg-options'] ? `, ${values['pg-options']}` : ''})`,
      server,
      values['skip-analyze']
        ? storeAnalysed
        : {
            label: '`ANALYZE objects` after the fill',
            fn: async () => {
              const c = new pg.Client({ connectionString: values.pg, options: `-c search_path=${schema}` });
              await c.connect();
              try {
                // One page from the middle of the collection without statistics, then with them: the
                // planner's choice depends on them (a bitmap scan of every later row, or the page index).
                const probe = async () => {
                  const t0 = performance.now();
                  await getPage(server.base, `limit=1000&added_after=${middle}`);
                  return performance.now() - t0;
                };
                const mid = await c.query<{ date_added: string }>(
                  'SELECT date_added FROM objects ORDER BY date_added OFFSET $1 LIMIT 1',
                  [Math.floor(N / 2)],
                );
                const middle = mid.rows[0]?.date_added ?? '';
                const before = await probe();
                await c.query('ANALYZE objects');
                const after = await probe();
                return `one \`added_after\` page from the middle: ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after`;
              } finally {
                await c.end();
              }
            },
          },
    );
    const c = new pg.Client({ connectionString: values.pg });
    await c.connect();
    const st = await c.query<{ last_autoanalyze: Date | null; n_live_tup: string }>(
      `SELECT last_autoanalyze, n_live_tup FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'objects'`,
      [schema],
    );
    await c.end();
    const r = st.rows[0];
    lines.push(
      `objects table: ${r?.n_live_tup ?? '?'} live rows, last autoanalyze ${r?.last_autoanalyze?.toISOString() ?? 'never'}`,
      '',
    );
    out.push(...lines);
  } finally {
    await server.stop();
    const c = new pg.Client({ connectionString: values.pg });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
