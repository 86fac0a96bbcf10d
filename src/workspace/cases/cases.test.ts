/**
 * The cases API through the real app on SQLite and (with LOCKSTEP_TEST_PG_URL) PostgreSQL: opening a
 * case from a network or an account set of a run the caller may see, the workflow, assignee and TLP
 * rules, optimistic versions, notes and pins, the trail and the audit log, bad input naming its field,
 * and access: another org's case answers like an unknown id; a run that leaves the org's TLP audience
 * takes its accounts and pinned evidence out of the case.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { storeKinds } from '../../exchange/taxii/both-stores.js';
import { buildApp } from '../../server/app.js';
import type { Store } from '../../store/store.js';
import { caseListSchema, caseViewSchema } from '../case-schema.js';
import type { CaseView } from '../case-schema.js';
import type { Client, RunIds } from '../test-world.js';
import { get, login, prepareWorld, send, world } from '../test-world.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-cases-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Ctx {
  app: FastifyInstance;
  store: Store;
  runs: RunIds;
  alice: Client;
  bob: Client;
  carol: Client;
}

for (const kind of storeKinds()) {
  describe(`workspace cases: ${kind.name}`, () => {
    async function withWorld(fn: (c: Ctx) => Promise<void>): Promise<void> {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        const runs = await world(made.store, dir, hashes);
        const [alice, bob, carol] = [
          await login(app, 'alice'),
          await login(app, 'bob'),
          await login(app, 'carol'),
        ];
        await fn({ app, store: made.store, runs, alice, bob, carol });
      } finally {
        await app.close();
        await made.dispose();
      }
    }
    const view = (res: { statusCode: number; body: string; json(): unknown }, status = 200): CaseView => {
      assert.equal(res.statusCode, status, res.body);
      return caseViewSchema.parse(res.json());
    };

    it('opens a case from a network: its members, the run TLP, status new, an "opened" event', () =>
      withWorld(async ({ app, runs, alice }) => {
        const v = view(
          await send(app, alice, 'POST', '/api/cases', { runId: runs.aAmber, network: 'N2' }),
          201,
        );
        assert.match(v.case.id, /^case-[0-9a-f]{16}$/);
        assert.deepEqual(
          [v.case.status, v.case.tlp, v.case.network, v.case.accounts, v.case.createdBy, v.case.version],
          ['new', 'amber', 'N2', 3, 'alice', 1],
        );
        assert.deepEqual(
          v.accounts.map((a) => a.account),
          ['acct-1-0', 'acct-1-1', 'acct-1-2'],
        );
        assert.equal(v.accounts[1]!.label, 'user_1_1😀');
        assert.deepEqual(v.next, ['triage', 'dismissed']);
        assert.deepEqual(v.assignable, ['alice']);
        assert.deepEqual(
          v.events.map((e) => [e.seq, e.kind, e.actor, e.summary]),
          [[1, 'opened', 'alice', 'opened the case from network N2 (3 accounts)']],
        );
        const list = caseListSchema.parse((await get(app, alice, '/api/cases')).json());
        assert.deepEqual(
          list.cases.map((c) => c.id),
          [v.case.id],
        );
        const forAccount = caseListSchema.parse(
          (await get(app, alice, `/api/runs/${runs.aAmber}/accounts/acct-1-2/cases`)).json(),
        );
        assert.deepEqual(
          forAccount.cases.map((c) => c.id),
          [v.case.id],
        );
        const other = caseListSchema.parse(
          (await get(app, alice, `/api/runs/${runs.aAmber}/accounts/acct-0-0/cases`)).json(),
        );
        assert.deepEqual(other.cases, []);
      }));

    it('refuses bad openings, naming the field; a hidden run answers like an unknown one', () =>
      withWorld(async ({ app, runs, alice, carol }) => {
        const refuse = async (c: Client, body: unknown, pattern: RegExp): Promise<string> => {
          const res = await send(app, c, 'POST', '/api/cases', body);
          assert.equal(res.statusCode, 422, res.body);
          const msg = res.json<{ message: string }>().message;
          assert.match(msg, pattern);
          return msg;
        };
        await refuse(alice, { runId: runs.aAmber, network: 'N9' }, /^network: no network "N9" in run/);
        await refuse(
          alice,
          { runId: runs.aAmber, accounts: ['acct-0-0', 'ghost'] },
          /^accounts\.1: "ghost" is not in run/,
        );
        await refuse(alice, { runId: runs.aAmber }, /^network: give either a network or a list of accounts/);
        await refuse(
          alice,
          { runId: runs.aAmber, network: 'N1', accounts: ['acct-0-0'] },
          /give either a network or a list of accounts/,
        );
        await refuse(
          alice,
          { runId: runs.aAmber, network: 'N1', tlp: 'green' },
          /^tlp: the run is TLP:AMBER/,
        );
        await refuse(alice, { runId: runs.aAmber, network: 'N1', tlp: 'purple' }, /^tlp: /);
        await refuse(alice, { runId: 'run-1', network: 'N1' }, /^runId: must be a run id/);
        await refuse(
          alice,
          { runId: runs.aAmber, network: 'N1', title: '\u0000x' },
          /^title: must not contain NUL/,
        );
        await refuse(alice, { runId: runs.aAmber, network: 'N1', extra: 1 }, /Unrecognized key/);
        const hidden = await refuse(carol, { runId: runs.aAmber, network: 'N1' }, /^runId: no run/);
        const unknown = await refuse(
          carol,
          { runId: 'run-ffffffffffffffff', network: 'N1' },
          /^runId: no run/,
        );
        assert.equal(hidden.replace(runs.aAmber, 'ID'), unknown.replace('run-ffffffffffffffff', 'ID'));
        // A case from an account set, more restrictive than its run.
        const res = await send(app, alice, 'POST', '/api/cases', {
          runId: runs.aAmber,
          accounts: ['acct-0-1', 'acct-0-1', 'acct-1-0'],
          tlp: 'red',
          title: '  Two odd ones  ',
        });
        const v = view(res, 201);
        assert.deepEqual(
          [v.case.accounts, v.case.tlp, v.case.title, v.case.network],
          [2, 'red', 'Two odd ones', null],
        );
      }));

    it('moves through the workflow with assignee and TLP rules; an old version is a 409 that writes nothing', () =>
      withWorld(async ({ app, store, runs, alice }) => {
        await store.putUser({ username: 'alan', org: 'org-a', passwordHash: null });
        const opened = view(
          await send(app, alice, 'POST', '/api/cases', { runId: runs.aAmber, network: 'N1' }),
          201,
        );
        const url = `/api/cases/${opened.case.id}`;
        const patch = (body: unknown) => send(app, alice, 'PATCH', url, body);
        const skip = await patch({ version: 1, status: 'shared' });
        assert.equal(skip.statusCode, 422);
        assert.equal(
          skip.json<{ message: string }>().message,
          'status: a case cannot go from new to shared; from new it may go to triage, dismissed',
        );
        const v2 = view(await patch({ version: 1, status: 'triage', assignee: 'alan' }));
        assert.deepEqual([v2.case.status, v2.case.assignee, v2.case.version], ['triage', 'alan', 2]);
        assert.deepEqual(v2.assignable, ['alan', 'alice']);
        const stale = await patch({ version: 1, status: 'dismissed' });
        assert.equal(stale.statusCode, 409);
        assert.match(stale.json<{ message: string }>().message, /^version: .*now 2/);
        assert.equal((await patch({ version: 2, assignee: 'bob' })).statusCode, 422);
        assert.match(
          (await patch({ version: 2, assignee: 'bob' })).body,
          /assignee: \\"bob\\" is not a member of org-a/,
        );
        assert.match((await patch({ version: 2, tlp: 'green' })).body, /tlp: the run is TLP:AMBER/);
        assert.match((await patch({ version: 2 })).body, /nothing to change/);
        assert.match((await patch({ status: 'confirmed' })).body, /version: /);
        const v3 = view(
          await patch({ version: 2, status: 'confirmed', tlp: 'amber+strict', assignee: null }),
        );
        assert.deepEqual(
          [v3.case.status, v3.case.tlp, v3.case.assignee, v3.case.version],
          ['confirmed', 'amber+strict', null, 3],
        );
        assert.deepEqual(v3.next, ['shared', 'triage', 'closed']);
        // Setting what is already there changes nothing, not even the version.
        assert.equal(view(await patch({ version: 3, status: 'confirmed' })).case.version, 3);
        assert.deepEqual(
          v3.events.map((e) => e.summary),
          [
            'opened the case from network N1 (3 accounts)',
            'moved it from new to triage',
            'assigned it to alan (was nobody)',
            'moved it from triage to confirmed',
            'assigned it to nobody (was alan)',
            'marked it TLP:AMBER+STRICT (was TLP:AMBER)',
          ],
        );
        const noCsrf = await app.inject({
          method: 'PATCH',
          url,
          headers: { cookie: alice.cookie },
          payload: { version: 3, status: 'closed' },
        });
        assert.equal(noCsrf.statusCode, 403);
      }));

    it('keeps notes as markdown text and pinned evidence; the audit log has the writes, never a note', () =>
      withWorld(async ({ app, store, runs, alice }) => {
        const opened = view(
          await send(app, alice, 'POST', '/api/cases', { runId: runs.aAmber, network: 'N1' }),
          201,
        );
        const url = `/api/cases/${opened.case.id}`;
        const secret = '**Seen** before <script>alert(1)</script> [x](javascript:alert(2)) secret-note-text';
        const n = view(await send(app, alice, 'POST', `${url}/notes`, { text: secret }), 201);
        assert.deepEqual(
          n.notes.map((x) => [x.author, x.text]),
          [['alice', secret]],
        );
        assert.match(
          (await send(app, alice, 'POST', `${url}/notes`, { text: '   ' })).body,
          /text: must not be empty/,
        );
        assert.match(
          (await send(app, alice, 'POST', `${url}/notes`, { text: 'x'.repeat(20_001) })).body,
          /text: at most 20000 characters/,
        );
        const p = view(
          await send(app, alice, 'POST', `${url}/pins`, { account: 'acct-0-1', comment: 'same minute' }),
          201,
        );
        assert.deepEqual(
          p.pins.map((x) => [x.account, x.network, x.comment, x.pinnedBy]),
          [['acct-0-1', 'N1', 'same minute', 'alice']],
        );
        assert.equal(p.pins[0]!.label, 'user_0_1😀');
        assert.match(
          (await send(app, alice, 'POST', `${url}/pins`, { account: 'nobody' })).body,
          /account: \\"nobody\\" is not in run/,
        );
        const u = view(await send(app, alice, 'DELETE', `${url}/pins/acct-0-1`));
        assert.deepEqual(u.pins, []);
        assert.equal((await send(app, alice, 'DELETE', `${url}/pins/acct-0-1`)).statusCode, 422);
        assert.deepEqual(
          u.events.map((e) => e.kind),
          ['opened', 'note', 'pin', 'unpin'],
        );
        // The trail names the account as the workspace does (its label), with the id beside it.
        const named = { id: 'acct-0-1', label: 'user_0_1😀' };
        assert.deepEqual(
          u.events.slice(2).map((e) => [e.summary, e.account]),
          [
            ['pinned account user_0_1😀 (acct-0-1)', named],
            ['unpinned account user_0_1😀 (acct-0-1)', named],
          ],
        );
        assert.equal(u.events[0]!.account, undefined);
        await app.close();
        const audit = await store.queryAudit({ actor: 'alice', limit: 100 });
        const actions = audit.map((e) => `${e.action}:${e.outcome}`).reverse();
        assert.deepEqual(
          actions.filter((a) => a.startsWith('workspace-case')),
          [
            'workspace-case-open:ok',
            'workspace-case-note:ok',
            'workspace-case-pin:ok',
            'workspace-case-pin:denied',
            'workspace-case-unpin:ok',
            'workspace-case-unpin:denied',
          ],
        );
        assert.doesNotMatch(JSON.stringify(audit), /secret-note-text/);
      }));

    it("another org's case answers like an unknown id, for every route; a run that leaves the audience takes its evidence", () =>
      withWorld(async ({ app, store, runs, alice, bob, carol }) => {
        // Bob (org B) sees org A's AMBER run through the trust group and opens his own case on it.
        const b = view(
          await send(app, bob, 'POST', '/api/cases', { runId: runs.aAmber, network: 'N1' }),
          201,
        );
        view(await send(app, bob, 'POST', `/api/cases/${b.case.id}/pins`, { account: 'acct-0-0' }), 201);
        const ghost = 'case-ffffffffffffffff';
        for (const c of [alice, carol]) {
          assert.deepEqual(caseListSchema.parse((await get(app, c, '/api/cases')).json()).cases, []);
          for (const [method, path, body] of [
            ['GET', '', undefined],
            ['PATCH', '', { version: 1, status: 'triage' }],
            ['POST', '/notes', { text: 'hi' }],
            ['POST', '/pins', { account: 'acct-0-0' }],
            ['DELETE', '/pins/acct-0-0', undefined],
          ] as const) {
            const real =
              method === 'GET'
                ? await get(app, c, `/api/cases/${b.case.id}${path}`)
                : await send(app, c, method, `/api/cases/${b.case.id}${path}`, body);
            const unknown =
              method === 'GET'
                ? await get(app, c, `/api/cases/${ghost}${path}`)
                : await send(app, c, method, `/api/cases/${ghost}${path}`, body);
            assert.equal(real.statusCode, 404, `${method} ${path}`);
            assert.deepEqual(real.json(), unknown.json(), `${method} ${path}`);
          }
        }
        assert.equal((await get(app, bob, '/api/cases/not-a-case')).statusCode, 404);
        // Org B leaves the trust group: the run is no longer B's to see.
        await store.putTrustGroup({ id: 'desk', name: 'desk', members: ['org-a'] });
        const after = view(await get(app, bob, `/api/cases/${b.case.id}`));
        assert.equal(after.runVisible, false);
        assert.deepEqual([after.accounts, after.pins, after.runTitle], [[], [], null]);
        assert.doesNotMatch(JSON.stringify(after), /acct-0-|user_0/);
        const pin = after.events.find((e) => e.kind === 'pin');
        assert.deepEqual([pin?.summary, pin?.account], ['pinned an account', undefined]);
        assert.equal(
          (await send(app, bob, 'POST', `/api/cases/${b.case.id}/pins`, { account: 'acct-0-1' })).statusCode,
          422,
        );
      }));
  });
}
