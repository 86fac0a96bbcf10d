/**
 * Federation end to end: two Lockstep TAXII servers on loopback ports, each over its own database,
 * seeded at every TLP level; one-way then two-way sync, each run twice. Asserts convergence (the same
 * id + version set on both sides for everything TLP lets cross), no duplicates, nothing sent on a
 * repeated run (no ping-pong), a changed object travels back exactly once, a re-run resumes from the
 * saved cursor, and AMBER+STRICT / RED objects never reach the other side.
 * Runs on SQLite files, and on PostgreSQL when LOCKSTEP_TEST_PG_URL is set.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { scoId } from '../../stix/ids.js';
import { TLP2_IDS, TLP2_MARKINGS } from '../../stix/tlp.js';
import type { TlpLevel } from '../../stix/tlp.js';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { applyConfig } from '../config.js';
import { DEMO_COLLECTIONS, DEMO_ROOT, demoConfig } from '../demo.js';
import { tlpFor } from '../stix-adapter.js';
import { indicator } from '../../server/test-helpers/taxii-factories.js';
import type { LiveServer } from '../../server/test-helpers/live-server.js';
import { clientFor, listen } from '../../server/test-helpers/live-server.js';
import { SyncState } from './state.js';
import type { SyncReport, SyncSide } from './sync.js';
import { syncBothWays, syncOneWay } from './sync.js';

const COLL = DEMO_COLLECTIONS.shared;
const RESTRICTED = new Set(['amber+strict', 'red']);

const mark = (l: TlpLevel) => ({ object_marking_refs: [TLP2_IDS[l]] });
const markings = Object.values(TLP2_MARKINGS) as unknown as Record<string, unknown>[];

/** n picks the id range: A uses 5000…, B 6000…; every TLP level, an unmarked object, two versions. */
function seedObjects(n: number): Record<string, unknown>[] {
  const domain = { type: 'domain-name', spec_version: '2.1', value: `sync${n}.example`, ...mark('green') };
  return [
    ...markings,
    indicator(n + 1, undefined, mark('clear')),
    indicator(n + 2, undefined, mark('green')),
    indicator(n + 3, undefined, mark('amber')),
    indicator(n + 4, undefined, mark('amber+strict')),
    indicator(n + 5, undefined, mark('red')),
    indicator(n + 6),
    indicator(n + 7, '2026-04-01T12:00:00.000Z', mark('green')),
    indicator(n + 7, '2026-04-02T12:00:00.000Z', mark('green')),
    { ...domain, id: scoId('domain-name', domain) },
  ];
}

async function seed(store: Store, producer: string, objects: Record<string, unknown>[]): Promise<void> {
  await store.addObjects({
    statusId: `seed-${producer}-${objects.length}-${Math.random()}`,
    apiRoot: DEMO_ROOT,
    collection: COLL,
    producerOrg: producer,
    requestTimestamp: new Date().toISOString(),
    objects: objects.map((o) => ({ object: o, tlp: tlpFor(o, []) })),
    rejected: [],
  });
}

interface Row {
  key: string;
  id: string;
  tlp: string;
}

/** Every stored row of the collection, whatever its visibility (administrative read). */
async function rows(store: Store): Promise<Row[]> {
  const page = await store.queryObjects({ collection: COLL, versions: ['all'], limit: 100_000 });
  return page.items.map((o) => {
    // Objects without modified/created (SCOs) take their version from date_added, which each server
    // sets itself: across servers they are the same object when the id is the same.
    const own = JSON.parse(o.json) as Record<string, unknown>;
    const versioned = typeof (own.modified ?? own.created) === 'string';
    return { key: versioned ? `${o.id}|${o.version}` : o.id, id: o.id, tlp: o.tlp };
  });
}

const sharable = (rs: Row[]) => new Set(rs.filter((r) => !RESTRICTED.has(r.tlp)).map((r) => r.key));
const restrictedIds = (rs: Row[]) => new Set(rs.filter((r) => RESTRICTED.has(r.tlp)).map((r) => r.id));

function assertNoDuplicates(rs: Row[]): void {
  assert.equal(new Set(rs.map((r) => r.key)).size, rs.length, 'an id + version is stored twice');
}

function assertRestrictedStayed(from: Row[], to: Row[]): void {
  const ids = restrictedIds(from);
  assert.ok(ids.size >= 2, 'the scenario seeds AMBER+STRICT and RED objects');
  for (const r of to) assert.ok(!ids.has(r.id), `${r.id} (restricted on the other side) crossed over`);
}

const sentTotal = (rs: SyncReport[]) => rs.reduce((n, r) => n + r.sent, 0);

async function scenario(
  openA: () => Promise<Store>,
  openB: () => Promise<Store>,
  stateFile: string,
): Promise<void> {
  const storeA = await openA();
  const storeB = await openB();
  await applyConfig(storeA, demoConfig());
  await applyConfig(storeB, demoConfig());
  await seed(storeA, 'org-a', seedObjects(5000));
  await seed(storeB, 'org-b', seedObjects(6000));
  let a: LiveServer | undefined;
  let b: LiveServer | undefined;
  try {
    a = await listen(storeA);
    b = await listen(storeB);
    // alice (org A) has an account on both servers; she reads her org's AMBER+STRICT and RED objects on
    // A, and bob's RED note on B (she is his named recipient): the sync policy must withhold all of them.
    const sideA: SyncSide = {
      client: clientFor('alice', 'alice-password'),
      collection: await clientFor('alice', 'alice-password').resolveCollection(a.discoveryUrl, 'shared'),
    };
    const sideB: SyncSide = {
      client: clientFor('alice', 'alice-password'),
      collection: await clientFor('alice', 'alice-password').resolveCollection(b.discoveryUrl, 'shared'),
    };
    const initialA = await rows(storeA);
    const initialB = await rows(storeB);

    // --- one way, A → B, twice -----------------------------------------------------------------------
    let state = await SyncState.open(stateFile);
    const first = await syncOneWay(sideA, sideB, { state, pageLimit: 3 });
    assert.ok(first.pages > 1, 'paged');
    assert.ok(first.withheld >= 2, `withheld ${first.withheld}`);
    assert.equal(first.failed.length, 0, JSON.stringify(first.failed));
    let rowsB = await rows(storeB);
    for (const k of sharable(initialA)) assert.ok(sharable(rowsB).has(k), `${k} did not reach B`);
    assertRestrictedStayed(initialA, rowsB);
    assertNoDuplicates(rowsB);

    // resumes from the saved cursor: a fresh state object from the same file reads nothing old
    state = await SyncState.open(stateFile);
    assert.ok(state.cursor(SyncState.key(sideA.collection.url, sideB.collection.url)));
    const again = await syncOneWay(sideA, sideB, { state, pageLimit: 3 });
    assert.equal(again.read, 0);
    assert.equal(again.sent, 0);
    await seed(storeA, 'org-a', [indicator(5010, undefined, mark('green'))]);
    const resumed = await syncOneWay(sideA, sideB, { state, pageLimit: 3 });
    assert.equal(resumed.read, 1);
    assert.equal(resumed.sent, 1);

    // --- two ways, twice -------------------------------------------------------------------------------
    const both1 = await syncBothWays(sideA, sideB, { state, pageLimit: 4 });
    assert.equal(both1[0].sent, 0, 'A → B has nothing new');
    assert.ok(both1[1].sent > 0, 'B → A sends B’s objects');
    assert.ok(both1[1].alreadyThere > 0, 'A’s own objects, read back from B, are recognised');
    const both2 = await syncBothWays(sideA, sideB, { state, pageLimit: 4 });
    assert.equal(sentTotal(both2), 0, `ping-pong: ${JSON.stringify(both2)}`);

    let rowsA = await rows(storeA);
    rowsB = await rows(storeB);
    assert.deepEqual([...sharable(rowsA)].sort(), [...sharable(rowsB)].sort(), 'sides converge');
    assertNoDuplicates(rowsA);
    assertNoDuplicates(rowsB);
    assertRestrictedStayed(initialA, rowsB);
    assertRestrictedStayed(initialB, rowsA);
    // B's AMBER+STRICT object is invisible to alice, its RED note visible to her: neither crossed
    assert.equal(restrictedIds(rowsA).size, restrictedIds(initialA).size);

    // --- a changed object goes back exactly once -------------------------------------------------------
    await seed(storeB, 'org-b', [indicator(5007, '2026-04-03T12:00:00.000Z', mark('green'))]);
    const both3 = await syncBothWays(sideA, sideB, { state, pageLimit: 4 });
    assert.equal(both3[0].sent, 0);
    assert.equal(both3[1].sent, 1);
    const both4 = await syncBothWays(sideA, sideB, { state, pageLimit: 4 });
    assert.equal(sentTotal(both4), 0);
    rowsA = await rows(storeA);
    rowsB = await rows(storeB);
    assert.deepEqual([...sharable(rowsA)].sort(), [...sharable(rowsB)].sort());
    assert.ok(sharable(rowsA).has(`${indicator(5007).id}|2026-04-03T12:00:00.000Z`));
  } finally {
    if (a) await a.close();
    else await storeA.close();
    if (b) await b.close();
    else await storeB.close();
  }
}

describe('federation between two Lockstep servers', () => {
  it('one-way then two-way sync over separate SQLite files converge without duplicates, loops or TLP leaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-sync-'));
    try {
      await scenario(
        () => openSqliteStore({ file: join(dir, 'a.sqlite') }),
        () => openSqliteStore({ file: join(dir, 'b.sqlite') }),
        join(dir, 'state', 'sync.json'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = process.env.LOCKSTEP_TEST_PG_URL;
  it(
    'the same on PostgreSQL (two schemas)',
    { skip: url ? false : 'LOCKSTEP_TEST_PG_URL is unset' },
    async () => {
      const tag = `${process.pid}_${Date.now().toString(36)}`;
      const schemas = [`lockstep_sync_a_${tag}`, `lockstep_sync_b_${tag}`] as const;
      const dir = mkdtempSync(join(tmpdir(), 'lockstep-sync-pg-'));
      try {
        await scenario(
          () => openPostgresStore({ url: url!, schema: schemas[0], max: 3 }),
          () => openPostgresStore({ url: url!, schema: schemas[1], max: 3 }),
          join(dir, 'sync.json'),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await c.end();
      }
    },
  );
});
