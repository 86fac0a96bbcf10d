/**
 * Cost of the producer's sightings report (`Store.sightingsOf`, behind
 * `GET /{root}/feedback/objects/{id}/sightings/`): a collection holding `--objects` indicators and
 * `--sightings` sightings spread over `--targets` sighted objects (so each target has
 * sightings/targets of them), then the median of `--reps` look-ups of one target with a TLP
 * visibility filter. The look-up walks the collection's sighting rows (type index) with a substring
 * test, so its cost grows with the sightings in the collection, not with the objects.
 *
 *   node --import tsx bench/feedback-sightings.ts --objects 50000 --sightings 20000 --targets 1000 [--pg URL]
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
    objects: { type: 'string', default: '50000' },
    sightings: { type: 'string', default: '20000' },
    targets: { type: 'string', default: '1000' },
    reps: { type: 'string', default: '50' },
    pg: { type: 'string' },
  },
});
const OBJECTS = Number(values.objects);
const SIGHTINGS = Number(values.sightings);
const TARGETS = Number(values.targets);
const REPS = Number(values.reps);
const ENV = 1000;
const TLPS = ['clear', 'green', 'amber', 'red'] as const;
const hex = (i: number) => i.toString(16).padStart(12, '0');
const target = (i: number) => `indicator--00000000-0000-4000-8000-${hex(i % TARGETS)}`;

function indicators(start: number, count: number): ObjectInput[] {
  return Array.from({ length: count }, (_, k) => ({
    tlp: TLPS[(start + k) % 4]!,
    object: {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--00000000-0000-4000-8000-${hex(start + k)}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      pattern: `[domain-name:value = 'site${start + k}.example']`,
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
    },
  }));
}

function sightings(start: number, count: number): ObjectInput[] {
  return Array.from({ length: count }, (_, k) => ({
    // Varies across the sightings of one target, so the TLP filter hides some (RED from org-b).
    tlp: TLPS[Math.floor((start + k) / TARGETS) % 4]!,
    object: {
      type: 'sighting',
      spec_version: '2.1',
      id: `sighting--00000000-0000-4000-8000-${hex(start + k)}`,
      created: '2026-01-02T00:00:00.000Z',
      modified: '2026-01-02T00:00:00.000Z',
      sighting_of_ref: target(start + k),
      count: 1 + ((start + k) % 7),
    },
  }));
}

async function fill(store: Store, make: (s: number, n: number) => ObjectInput[], total: number, tag: string) {
  for (let s = 0; s < total; s += ENV)
    await store.addObjects({
      statusId: `${tag}-${s}`,
      apiRoot: 'b',
      collection: 'bench',
      producerOrg: s % (2 * ENV) === 0 ? 'org-a' : 'org-b',
      requestTimestamp: new Date().toISOString(),
      objects: make(s, Math.min(ENV, total - s)),
      rejected: [],
    });
}

async function run(name: string, store: Store, beforeRead?: () => Promise<void>): Promise<string> {
  await store.putApiRoot({ name: 'b', title: 'bench', maxContentLength: 1e8 });
  await store.putCollection({ id: 'bench', apiRoot: 'b', title: 'bench', policy: DEFAULT_TLP_POLICY });
  await fill(store, indicators, OBJECTS, 'i');
  await fill(store, sightings, SIGHTINGS, 's');
  await beforeRead?.();
  // What alice (org-a, peer of org-b) may see: everything but RED from org-b.
  const vis: Visibility = [
    { tlp: 'clear', producers: 'any' },
    { tlp: 'green', producers: 'any' },
    { tlp: 'none', producers: 'any' },
    { tlp: 'amber', producers: ['org-a', 'org-b'] },
    { tlp: 'amber+strict', producers: ['org-a'] },
    { tlp: 'red', producers: ['org-a'] },
  ];
  const times: number[] = [];
  let found = 0;
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    found = (await store.sightingsOf('bench', target(r), vis, 1001)).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return `| ${name} | ${OBJECTS} | ${SIGHTINGS} | ${Math.round(SIGHTINGS / TARGETS)} | ${found} | ${median.toFixed(2)} ms | ${loadavg()[0]!.toFixed(2)} |`;
}

const rows: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
try {
  const store = await openSqliteStore({ file: join(dir, 'bench.db') });
  try {
    rows.push(await run('SQLite', store));
  } finally {
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (values.pg) {
  const schema = `lockstep_bench_${process.pid}`;
  const store = await openPostgresStore({ url: values.pg, schema });
  try {
    rows.push(
      await run('PostgreSQL', store, async () => {
        const c = new pg.Client({ connectionString: values.pg });
        await c.connect();
        await c.query(`ANALYZE ${schema}.objects`);
        await c.end();
      }),
    );
  } finally {
    await store.close();
    const c = new pg.Client({ connectionString: values.pg });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}
console.log('| store | objects | sightings | per target | visible found | median look-up | load (1 min) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
