/**
 * Store throughput: bulk insert of valid STIX indicators in TAXII-sized envelopes (one transaction per
 * envelope, as a POST does) and a full keyset-paged read with a TLP visibility filter, on a SQLite file
 * and, with --pg URL, on PostgreSQL (fresh schema, dropped afterwards).
 *
 *   node --import tsx bench/store-insert.ts --n 100000 --envelope 1000 [--pg postgres://…]
 *
 * Prints a markdown table with the 1-minute load average (the machine is shared).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { ObjectInput, Store, Visibility } from '../src/store/store.js';
import { DEFAULT_TLP_POLICY } from '../src/store/store.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    envelope: { type: 'string', default: '1000' },
    pg: { type: 'string' },
  },
});
const N = Number(values.n);
const ENV = Number(values.envelope);

function objects(start: number, count: number): ObjectInput[] {
  const tlps = ['clear', 'green', 'amber', 'red'] as const;
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const hex = i.toString(16).padStart(12, '0');
    return {
      tlp: tlps[i % 4]!,
      object: {
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--00000000-0000-4000-8000-${hex}`,
        created: '2026-01-01T00:00:00.000Z',
        modified: '2026-01-01T00:00:00.000Z',
        name: `bench ${i}`,
        pattern: `[domain-name:value = 'site${i}.example']`,
        pattern_type: 'stix',
        valid_from: '2026-01-01T00:00:00Z',
        object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
      },
    };
  });
}

async function run(name: string, store: Store, beforeRead?: () => Promise<void>): Promise<string> {
  await store.putApiRoot({ name: 'b', title: 'bench', maxContentLength: 1e8 });
  await store.putCollection({ id: 'bench', apiRoot: 'b', title: 'bench', policy: DEFAULT_TLP_POLICY });
  let t = performance.now();
  for (let s = 0; s < N; s += ENV) {
    await store.addObjects({
      statusId: `bench-${s}`,
      apiRoot: 'b',
      collection: 'bench',
      producerOrg: 'org-a',
      requestTimestamp: new Date().toISOString(),
      objects: objects(s, Math.min(ENV, N - s)),
      rejected: [],
    });
  }
  const insertS = (performance.now() - t) / 1000;
  const vis: Visibility = [
    { tlp: 'clear', producers: 'any' },
    { tlp: 'green', producers: 'any' },
    { tlp: 'amber', producers: ['org-a'] },
    { tlp: 'red', producers: [] },
  ];
  await beforeRead?.();
  t = performance.now();
  let rows = 0;
  let next: string | undefined;
  do {
    const page = await store.queryObjects({
      collection: 'bench',
      limit: 1000,
      visibility: vis,
      ...(next ? { next } : {}),
    });
    rows += page.items.length;
    next = page.next;
  } while (next);
  const readS = (performance.now() - t) / 1000;
  // Re-posting the first envelope: every object is an identical version (no-op path).
  t = performance.now();
  await store.addObjects({
    statusId: 'bench-repost',
    apiRoot: 'b',
    collection: 'bench',
    producerOrg: 'org-a',
    requestTimestamp: new Date().toISOString(),
    objects: objects(0, Math.min(ENV, N)),
    rejected: [],
  });
  const repostS = (performance.now() - t) / 1000;
  return `| ${name} | ${N} | ${ENV} | ${Math.round(N / insertS)} | ${rows} | ${Math.round(rows / readS)} | ${Math.round(Math.min(ENV, N) / repostS)} |`;
}

const lines = [
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (Node ${process.version})`,
  '',
  '| store | objects | per envelope | insert objects/s | visible rows paged | paged rows/s | identical re-post objects/s |',
  '|---|---|---|---|---|---|---|',
];
const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
try {
  const s = await openSqliteStore({ file: join(dir, 'bench.db') });
  lines.push(await run('sqlite (file, WAL, synchronous=FULL)', s));
  await s.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (values.pg) {
  const schema = `lockstep_bench_${process.pid}`;
  const s = await openPostgresStore({ url: values.pg, schema });
  try {
    lines.push(await run('postgres (no statistics yet)', s));
    await s.close();
    const pre = new pg.Client({ connectionString: values.pg });
    await pre.connect();
    await pre.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pre.end();
    const s2 = await openPostgresStore({ url: values.pg, schema });
    // Autovacuum analyzes a freshly filled table within about a minute; the bench does it at once.
    lines.push(
      await run('postgres (after ANALYZE)', s2, async () => {
        const c = new pg.Client({ connectionString: values.pg, options: `-c search_path=${schema}` });
        await c.connect();
        await c.query('ANALYZE objects');
        await c.end();
      }),
    );
    await s2.close();
  } finally {
    const c = new pg.Client({ connectionString: values.pg });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}
lines.push(
  '',
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
process.stdout.write(`${lines.join('\n')}\n`);
