/**
 * Benchmark of federation and matching: two Lockstep servers on loopback over separate SQLite files,
 * N green indicators seeded on A; times a first one-way sync A → B (everything new), a repeated run
 * (nothing new: the cursor), a two-way run (B → A reads A's copies back and finds them in A's
 * manifest), and keyed matching (one HMAC per local account).
 *
 *   node --import tsx bench/sync-speed.ts [objects=5000] [page=500] [accounts=200000]
 *
 * Note the machine load (printed) beside the numbers: the machine is shared.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyConfig } from '../src/exchange/config.js';
import { DEMO_COLLECTIONS, DEMO_ROOT, demoConfig } from '../src/exchange/demo.js';
import { clientFor, listen } from '../src/server/test-helpers/live-server.js';
import { SyncState } from '../src/exchange/sync/state.js';
import { syncBothWays, syncOneWay } from '../src/exchange/sync/sync.js';
import type { SyncReport } from '../src/exchange/sync/sync.js';
import { parseGroupKey, keyedValue } from '../src/exchange/matching/keyed.js';
import { matchAccounts } from '../src/exchange/matching/match.js';
import type { AccountIndicator } from '../src/exchange/matching/indicators.js';
import { TLP2_IDS } from '../src/stix/tlp.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const N = Number(process.argv[2] ?? 5000);
const PAGE = Number(process.argv[3] ?? 500);
const ACCOUNTS = Number(process.argv[4] ?? 200_000);

const T = '2026-04-01T12:00:00.000Z';
const obj = (i: number) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${String(i).padStart(8, '0')}-1111-4222-8333-444455556666`,
  created: T,
  modified: T,
  name: `finding ${i}`,
  pattern: `[domain-name:value = 'site${i}.example']`,
  pattern_type: 'stix',
  valid_from: T,
  object_marking_refs: [TLP2_IDS.green],
});

const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-sync-'));
const loadBefore = loadavg()[0]!.toFixed(2);
try {
  const sa = await openSqliteStore({ file: join(dir, 'a.sqlite') });
  const sb = await openSqliteStore({ file: join(dir, 'b.sqlite') });
  await applyConfig(sa, demoConfig());
  await applyConfig(sb, demoConfig());
  for (let i = 0; i < N; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, N - i) }, (_, k) => obj(i + k));
    await sa.addObjects({
      statusId: `seed-${i}`,
      apiRoot: DEMO_ROOT,
      collection: DEMO_COLLECTIONS.shared,
      producerOrg: 'org-a',
      requestTimestamp: T,
      objects: batch.map((o) => ({ object: o, tlp: 'green' as const })),
      rejected: [],
    });
  }
  const a = await listen(sa);
  const b = await listen(sb);
  const alice = clientFor('alice', 'alice-password');
  const A = { client: alice, collection: await alice.resolveCollection(a.discoveryUrl, 'shared') };
  const B = { client: alice, collection: await alice.resolveCollection(b.discoveryUrl, 'shared') };
  const state = SyncState.memory();
  const rows: string[] = [];
  const row = (what: string, ms: number, r: SyncReport[]) => {
    const read = r.reduce((n, x) => n + x.read, 0);
    const sent = r.reduce((n, x) => n + x.sent, 0);
    const requests = alice.http.sent;
    rows.push(
      `| ${what} | ${read} | ${sent} | ${(ms / 1000).toFixed(2)} | ${read ? Math.round(read / (ms / 1000)) : '–'} | ${requests} |`,
    );
  };
  const timed = async (what: string, f: () => Promise<SyncReport[]>) => {
    alice.http.sent = 0;
    const t = performance.now();
    const r = await f();
    row(what, performance.now() - t, r);
  };
  await timed('first sync A → B', async () => [await syncOneWay(A, B, { state, pageLimit: PAGE })]);
  await timed('repeat A → B (cursor, nothing new)', async () => [
    await syncOneWay(A, B, { state, pageLimit: PAGE }),
  ]);
  await timed('two-way (B → A reads copies back)', () => syncBothWays(A, B, { state, pageLimit: PAGE }));
  await timed('two-way again', () => syncBothWays(A, B, { state, pageLimit: PAGE }));
  await a.close();
  await b.close();

  const key = parseGroupKey(randomBytes(32).toString('hex'), 'bench');
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    platform: 'twitter',
    userId: String(10_000_000 + i),
    login: `user${i}`,
    posts: 3,
    first: 1_600_000_000,
    last: 1_600_000_100,
  }));
  const indicators: AccountIndicator[] = Array.from({ length: 1000 }, (_, i) => ({
    indicatorId: `indicator--${i}`,
    kind: 'keyed',
    field: 'user_id',
    value: keyedValue(key, 'twitter', 'user_id', String(10_000_000 + i * 7)),
  }));
  const t = performance.now();
  const m = matchAccounts(accounts, indicators, { platform: 'twitter', org: 'Bench', key });
  const matchMs = performance.now() - t;

  process.stdout.write(
    `\n### sync-speed (objects ${N}, page ${PAGE}; 1-min load ${loadBefore} → ${loadavg()[0]!.toFixed(2)}; Node ${process.version})\n\n` +
      `| run | read | sent | seconds | objects/s read | HTTP requests |\n|---|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n\n` +
      `keyed matching: ${ACCOUNTS} local accounts × 2 fields HMAC-SHA256 + 1000 keyed indicators → ${m.hits} hits in ${(matchMs / 1000).toFixed(2)} s ` +
      `(${Math.round((ACCOUNTS * 2) / (matchMs / 1000))} HMAC/s incl. lookups)\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
