/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself (as in
   the *.test.ts override of eslint.config.js); this file is a shared suite, not named *.test.ts. */
/**
 * The store's half of workspace cases (migration 7), run on every store by the same runners as
 * `store.contract.ts`: a case and its trail round-trip, only the owning org reads or writes it, an
 * update that names an old version writes nothing, and concurrent writers to one case each get their
 * own event numbers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseRecord } from './case-records.js';
import type { StoreHarness } from './store.contract.js';
import type { Store } from './store.js';

const T0 = '2026-12-01T10:00:00.000Z';

function aCase(id: string, org: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id,
    org,
    tlp: 'amber',
    title: `Case ${id}`,
    status: 'new',
    assignee: null,
    runId: 'run-00000000000000aa',
    network: 'N1',
    accounts: ['u2', 'u1'],
    createdBy: 'alice',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

const opened = (actor = 'alice') => ({ at: T0, actor, kind: 'opened', json: '{"from":"network"}' });

export function casesContract(name: string, harness: StoreHarness): void {
  describe(`store cases contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await (await harness.create()).open();
    });
    after(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('stores a case with its accounts and first event; reads it back for its org only', async () => {
      await store.createCase(aCase('case-0000000000000001', 'org-a'), [opened()]);
      const got = await store.getCase('case-0000000000000001', 'org-a');
      assert.deepEqual(got, { ...aCase('case-0000000000000001', 'org-a'), accounts: ['u1', 'u2'] });
      assert.equal(await store.getCase('case-0000000000000001', 'org-b'), undefined);
      assert.deepEqual(
        (await store.caseEvents('case-0000000000000001', 'org-a')).map((e) => [e.seq, e.kind, e.actor]),
        [[1, 'opened', 'alice']],
      );
      assert.deepEqual(await store.caseEvents('case-0000000000000001', 'org-b'), []);
      assert.deepEqual(
        (await store.listCases('org-a')).map((c) => c.id),
        ['case-0000000000000001'],
      );
      assert.deepEqual(await store.listCases('org-b'), []);
    });

    it('finds the cases of an account, per org and run', async () => {
      await store.createCase(aCase('case-0000000000000002', 'org-a', { accounts: ['u3'] }), [opened()]);
      await store.createCase(aCase('case-0000000000000003', 'org-b', { createdBy: 'bob' }), [opened('bob')]);
      const ids = async (org: string, run: string, account: string) =>
        (await store.casesWithAccount(org, run, account)).map((c) => c.id);
      assert.deepEqual(await ids('org-a', 'run-00000000000000aa', 'u1'), ['case-0000000000000001']);
      assert.deepEqual(await ids('org-b', 'run-00000000000000aa', 'u1'), ['case-0000000000000003']);
      assert.deepEqual(await ids('org-a', 'run-00000000000000bb', 'u1'), []);
      assert.deepEqual(await ids('org-a', 'run-00000000000000aa', 'u3'), ['case-0000000000000002']);
    });

    it('applies a change with its events and bumps the version; an old version or another org writes nothing', async () => {
      const id = 'case-0000000000000004';
      await store.createCase(aCase(id, 'org-a'), [opened()]);
      const at = '2026-12-01T11:00:00.000Z';
      const ok = await store.updateCase({
        id,
        org: 'org-a',
        expectedVersion: 1,
        patch: { status: 'triage', assignee: 'alice', tlp: 'red', title: 'Renamed' },
        events: [
          { at, actor: 'alice', kind: 'status', json: '{"from":"new","to":"triage"}' },
          { at, actor: 'alice', kind: 'assignee', json: '{"from":null,"to":"alice"}' },
        ],
        at,
      });
      assert.ok(ok.ok);
      assert.deepEqual(
        [ok.record.status, ok.record.assignee, ok.record.tlp, ok.record.title, ok.record.version],
        ['triage', 'alice', 'red', 'Renamed', 2],
      );
      assert.equal(ok.record.updatedAt, at);
      const stale = await store.updateCase({
        id,
        org: 'org-a',
        expectedVersion: 1,
        patch: { status: 'dismissed' },
        events: [{ at, actor: 'carl', kind: 'status', json: '{}' }],
        at,
      });
      assert.ok(!stale.ok && stale.reason === 'conflict');
      assert.equal(stale.current.status, 'triage');
      const foreign = await store.updateCase({
        id,
        org: 'org-b',
        patch: { status: 'closed' },
        events: [{ at, actor: 'bob', kind: 'status', json: '{}' }],
        at,
      });
      assert.deepEqual(foreign, { ok: false, reason: 'not-found' });
      const cleared = await store.updateCase({ id, org: 'org-a', patch: { assignee: null }, events: [], at });
      assert.ok(cleared.ok);
      assert.equal(cleared.record.assignee, null);
      assert.deepEqual(
        (await store.caseEvents(id, 'org-a')).map((e) => `${e.seq}:${e.kind}`),
        ['1:opened', '2:status', '3:assignee'],
      );
    });

    it('numbers the events of concurrent writers to one case without a gap or a clash', async () => {
      const id = 'case-0000000000000005';
      await store.createCase(aCase(id, 'org-a'), [opened()]);
      const writers = Array.from({ length: 8 }, (_, i) =>
        store.updateCase({
          id,
          org: 'org-a',
          patch: {},
          events: [
            { at: T0, actor: `w${i}`, kind: 'note', json: `{"n":${i}}` },
            { at: T0, actor: `w${i}`, kind: 'pin', json: `{"n":${i}}` },
          ],
          at: T0,
        }),
      );
      const results = await Promise.all(writers);
      assert.ok(results.every((r) => r.ok));
      const events = await store.caseEvents(id, 'org-a');
      assert.deepEqual(
        events.map((e) => e.seq),
        Array.from({ length: 17 }, (_, i) => i + 1),
      );
      // Each writer's two events are adjacent: one transaction each.
      for (let i = 1; i < events.length; i += 2) assert.equal(events[i]!.actor, events[i + 1]!.actor);
      assert.equal((await store.getCase(id, 'org-a'))!.version, 9);
    });

    it('shares a case with an org, keeps the first acknowledgement, and a re-share asks again', async () => {
      const id = 'case-0000000000000006';
      await store.createCase(aCase(id, 'org-a'), [opened()]);
      const share = {
        caseId: id,
        toOrg: 'org-b',
        fromOrg: 'org-a',
        tlp: 'amber' as const,
        topic: 'takedown',
        sharedAt: T0,
        sharedBy: 'alice',
        json: '{"v":1}',
      };
      const first = await store.putCaseShare(share);
      assert.deepEqual([first.version, first.ack, first.topic], [1, null, 'takedown']);
      assert.deepEqual(
        (await store.sharesTo('org-b', ['org-a'])).map((s) => s.caseId),
        [id],
      );
      assert.deepEqual(await store.sharesTo('org-b', ['org-c']), []);
      assert.deepEqual(await store.sharesTo('org-b', []), []);
      assert.deepEqual(await store.sharesTo('org-c', ['org-a']), []);
      assert.equal((await store.sharesTo('org-b', ['org-a'], 'case-ffffffffffffffff')).length, 0);
      const ack = await store.ackCaseShare(id, 'org-b', {
        kind: 'received',
        at: '2026-12-01T10:05:00.000Z',
        by: 'bob',
      });
      assert.deepEqual([ack?.created, ack?.share.ack?.kind], [true, 'received']);
      const again = await store.ackCaseShare(id, 'org-b', {
        kind: 'rejected',
        at: '2026-12-01T11:00:00.000Z',
        by: 'bo',
      });
      assert.deepEqual([again?.created, again?.share.ack], [false, ack?.share.ack]);
      assert.equal(
        await store.ackCaseShare(id, 'org-c', { kind: 'received', at: T0, by: 'carol' }),
        undefined,
      );
      const second = await store.putCaseShare({
        ...share,
        json: '{"v":2}',
        topic: null,
        sharedAt: '2026-12-02T00:00:00.000Z',
      });
      assert.deepEqual([second.version, second.ack, second.json, second.topic], [2, null, '{"v":2}', null]);
      assert.deepEqual(
        (await store.caseShares(id, 'org-a')).map((s) => [s.toOrg, s.version]),
        [['org-b', 2]],
      );
      assert.deepEqual(await store.caseShares(id, 'org-b'), []);
    });
  });
}
