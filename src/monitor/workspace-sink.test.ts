/**
 * Monitor → workspace on SQLite and (with LOCKSTEP_TEST_PG_URL) PostgreSQL: the planted Jetstream
 * stream's network alerts become runs and cases (one per alert, the alert's members as the case's
 * accounts, the alert as its first note, a grown network noted in its earlier case); a restart over the
 * same --out opens no case twice; a store that refuses does not stop the monitor or lose alerts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { storeKinds } from '../exchange/taxii/both-stores.js';
import type { Store } from '../store/store.js';
import { accountPageSchema, graphPageSchema } from '../workspace/api-schema.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import type { HealthSnapshot } from './health.js';
import { jetstreamSource } from './jetstream/client.js';
import { runMonitor } from './monitor.js';
import type { MonitorOptions } from './monitor-options.js';
import { testStream } from './test-helpers/jetstream-events.js';
import { networkAlert } from './test-helpers/network-alert.js';
import { startReplayServer } from './test-helpers/replay-server.js';
import type { CurrentNetwork, NetworkAlert } from './tracker.js';
import { MONITOR_AUTHOR, WorkspaceSink } from './workspace-sink.js';

const stream = testStream();
const tmp = mkdtempSync(join(tmpdir(), 'lockstep-ws-sink-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function monitorOnce(
  out: string,
  workspace: WorkspaceSink | undefined,
  extra: Partial<MonitorOptions> = {},
): Promise<Awaited<ReturnType<typeof runMonitor>>> {
  const server = await startReplayServer(stream.frames);
  try {
    return await runMonitor({
      out,
      source: jetstreamSource({ url: server.url }),
      windowSeconds: 3600,
      everySeconds: 600,
      detectShare: 1,
      untilIdleSeconds: 2,
      detect: { window: 60 },
      workspace,
      ...extra,
    });
  } finally {
    await server.close();
  }
}

const networkAlerts = (dir: string): NetworkAlert[] =>
  readFileSync(join(dir, 'alerts.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as NetworkAlert | { kind: 'spike' })
    .filter((a): a is NetworkAlert => a.kind === 'network');

/** Every network alert in `out` has its case in `store`, as the alerting tick opens it. */
async function assertCasePerAlert(store: Store, out: string): Promise<void> {
  const alerts = networkAlerts(out);
  const cases = await store.listCases('org-watch');
  assert.equal(cases.length, alerts.length);
  const runs = await store.listRuns(undefined);
  assert.ok(runs.length >= 1 && runs.length <= alerts.length, `${runs.length} runs`);
  for (const a of alerts) {
    const c = cases.find((x) => x.title.includes(a.id) && x.accounts.length === a.members.length);
    assert.ok(c, `a case for alert ${a.id} (${a.status})`);
    assert.deepEqual([...c.accounts].sort(), [...a.members].sort());
    assert.equal(c.createdBy, MONITOR_AUTHOR);
    assert.equal(c.tlp, 'amber');
    assert.ok(c.network !== null);
    // The case's network is the run's network with those members: the workspace can show it.
    const graph = graphPageSchema.parse(JSON.parse((await store.getRunPage(c.runId!, 'graph'))!));
    const net = graph.networks.find((n) => n.id === c.network);
    assert.deepEqual([...(net?.members ?? [])].sort(), [...a.members].sort());
    // The window's posts (read back from the journal) give each member activity and examples.
    const page = accountPageSchema.parse(
      JSON.parse((await store.getRunAccount(c.runId!, a.members[0]!))!.json),
    );
    assert.ok(page.activity !== null && page.examples.length > 0, 'activity and examples');
    const events = await store.caseEvents(c.id, 'org-watch');
    const note = events.find((e) => e.kind === 'note');
    assert.ok(note, 'the alert is the first note');
    assert.ok(note.json.includes(a.id) && note.json.includes(a.status));
  }
  for (const g of alerts.filter((a) => a.status === 'grown')) {
    const firstCase = cases.find((x) => x.title.includes(`new network ${g.id}`));
    assert.ok(firstCase, `the first case of grown network ${g.id}`);
    const notes = (await store.caseEvents(firstCase.id, 'org-watch')).filter((e) => e.kind === 'note');
    assert.ok(
      notes.some((n) => n.json.includes('grow by')),
      'the earlier case is told the network grew',
    );
  }
}

/** `store` with putRun refusing, as a store that is down when the alerts come. */
const refusingRuns = (store: Store): Store =>
  new Proxy(store, {
    get: (t, name, r) =>
      name === 'putRun'
        ? () => Promise.reject(new Error('store unavailable (putRun)'))
        : (Reflect.get(t, name, r) as unknown),
  });

for (const kind of storeKinds()) {
  describe(`monitor → workspace: ${kind.name}`, () => {
    it('opens a case per network alert on a run of the alerting window, once across a restart', async () => {
      const made = await kind.create();
      const { store } = made;
      try {
        await store.putOrg({ id: 'org-watch', name: 'Election desk', redRecipients: [] });
        const out = join(tmp, `${kind.name}-out`);
        const sink = (): WorkspaceSink =>
          new WorkspaceSink({ store, org: 'org-watch', tlp: 'amber', source: 'jetstream test', dir: out });
        const first = await monitorOnce(out, sink());
        const alerts = networkAlerts(out);
        assert.ok(alerts.length >= 2, `the planted stream alerts (${alerts.length})`);
        assert.equal(first.cases, alerts.length);
        assert.equal(first.workspaceErrors, 0);
        await assertCasePerAlert(store, out);

        // Same --out, same stream again: nothing new is alerted, so no case is opened.
        const again = await monitorOnce(out, sink());
        assert.equal(again.cases, 0);
        assert.equal((await store.listCases('org-watch')).length, alerts.length);
      } finally {
        await made.dispose();
      }
    });

    it('opens the cases a refusing store (or a crash) left out when the monitor restarts', async () => {
      const made = await kind.create();
      const { store } = made;
      try {
        await store.putOrg({ id: 'org-watch', name: 'Election desk', redRecipients: [] });
        const out = join(tmp, `${kind.name}-pending`);
        const sink = (s: Store): WorkspaceSink =>
          new WorkspaceSink({ store: s, org: 'org-watch', tlp: 'amber', source: 'jetstream test', dir: out });
        const warnings: string[] = [];
        const status: string[] = [];
        let healthUrl = '';
        let probe: Promise<HealthSnapshot> | undefined;
        const down = await monitorOnce(out, sink(refusingRuns(store)), {
          onWarning: (l) => warnings.push(l),
          onStatus: (l) => {
            status.push(l);
            // /health while alerts wait: the workspace block says so.
            if (probe === undefined && l.includes('wait for their case'))
              probe = fetch(healthUrl).then((r) => r.json() as Promise<HealthSnapshot>);
          },
          statusMs: 200,
          health: {
            port: 0,
            onListening: (u) => {
              healthUrl = u;
            },
          },
        });
        const alerts = networkAlerts(out);
        assert.ok(alerts.length >= 2, `the planted stream alerts (${alerts.length})`);
        assert.equal(down.cases, 0);
        assert.equal(down.workspacePending, alerts.length);
        const health = await probe;
        assert.ok(health?.workspace, '/health has a workspace block with --db');
        assert.equal(health.workspace.cases, 0);
        assert.ok(health.workspace.pending >= 1 && health.workspace.errors >= 1);
        assert.ok(
          status.some((l) => l.includes(`${alerts.length} alerts wait for their case`)),
          'the status line says how many alerts wait',
        );
        assert.ok(down.workspaceErrors >= 1);
        assert.ok(warnings.some((w) => /store unavailable/.test(w)));
        assert.equal((await store.listCases('org-watch')).length, 0);
        // The state names no alert as done: all of them are pending on disk.
        const state = JSON.parse(readFileSync(join(out, 'workspace-cases.json'), 'utf8')) as {
          done: string[];
        };
        assert.deepEqual(state.done, []);

        // The store is back; the restart raises no new alert and opens every pending one's case from
        // the journal's copy of its window, the same case the alerting tick would have opened.
        const back = await monitorOnce(out, sink(store));
        assert.equal(back.alerts, 0);
        assert.equal(back.cases, alerts.length);
        assert.equal(back.workspaceErrors, 0);
        assert.equal(back.workspacePending, 0);
        await assertCasePerAlert(store, out);
        const again = await monitorOnce(out, sink(store));
        assert.equal(again.cases, 0, 'opened once');
        assert.equal((await store.listCases('org-watch')).length, alerts.length);
      } finally {
        await made.dispose();
      }
    });
  });
}

describe('monitor → workspace: a network that grows', () => {
  it('opens a case for the grown network and notes it in the first case, across a new sink', async () => {
    const kind = storeKinds()[0]!;
    const made = await kind.create();
    const { store } = made;
    try {
      await store.putOrg({ id: 'org-watch', name: 'Election desk', redRecipients: [] });
      const dir = mkdtempSync(join(tmp, 'grown-'));
      const sink = (): WorkspaceSink =>
        new WorkspaceSink({ store, org: 'org-watch', tlp: 'amber', source: 'test', dir });
      const small = makeResult({ networks: 1, size: 4 });
      // A later tick: its own detection time, so its own run (run ids hash the run's times).
      const big = { ...makeResult({ networks: 1, size: 6 }), startedAt: '2024-03-04T10:10:00.000Z' };
      const m1 = small.networks[0]!.members;
      const m2 = big.networks[0]!.members;
      const cur = (members: string[]): CurrentNetwork[] => [
        {
          id: 'net-x',
          run_id: 'N1',
          members,
          behaviours: ['co-retweet'],
          score: 1,
          p_value: null,
          q_value: null,
          summary: '',
        },
      ];
      const win = { start: 0, end: 3600 };
      const r1 = await sink().record(small, [], win, [networkAlert('net-x', { members: m1 })], cur(m1));
      // A new sink (a restarted monitor) still knows which case the network's first alert opened.
      const added = m2.filter((m) => !m1.includes(m));
      const r2 = await sink().record(
        big,
        [],
        win,
        [networkAlert('net-x', { status: 'grown', members: m2, added })],
        cur(m2),
      );
      assert.equal(r1?.cases.length, 1);
      assert.equal(r2?.cases.length, 1);
      const firstId = r1.cases[0]!.caseId;
      const grownId = r2.cases[0]!.caseId;
      assert.notEqual(firstId, grownId);
      const grownCase = await store.getCase(grownId, 'org-watch');
      assert.deepEqual([...grownCase!.accounts].sort(), [...m2].sort());
      assert.match(grownCase!.title, /network grew by 2 net-x/);
      const firstNotes = (await store.caseEvents(firstId, 'org-watch')).filter((e) => e.kind === 'note');
      assert.equal(firstNotes.length, 2, 'the alert, then the growth');
      assert.ok(firstNotes[1]!.json.includes(grownId) && firstNotes[1]!.json.includes('grow by 2 accounts'));
      const grownNote = (await store.caseEvents(grownId, 'org-watch')).find((e) => e.kind === 'note');
      for (const m of added) assert.ok(grownNote!.json.includes(m), `new member ${m} named`);
      // Spike alerts alone open nothing.
      assert.equal(await sink().record(big, [], win, [], cur(m2)), undefined);
    } finally {
      await made.dispose();
    }
  });
});

describe('monitor → workspace when the store refuses', () => {
  it('keeps monitoring and keeps every alert, and says what failed', async () => {
    const refusing = new Proxy({} as Store, {
      get: (_t, name) => () => Promise.reject(new Error(`store unavailable (${String(name)})`)),
    });
    const out = join(tmp, 'refused');
    const warnings: string[] = [];
    const s = await monitorOnce(
      out,
      new WorkspaceSink({ store: refusing, org: 'org-x', tlp: 'amber', source: 'test', dir: out }),
      { onWarning: (l) => warnings.push(l) },
    );
    const alerts = networkAlerts(out);
    assert.ok(alerts.length >= 2);
    assert.equal(s.cases, 0);
    assert.ok(s.workspaceErrors >= 1);
    assert.ok(warnings.some((w) => /workspace: store unavailable/.test(w)));
  });
});
