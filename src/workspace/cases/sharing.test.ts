/**
 * Points of contact and sending a case, through the real app on SQLite and (with
 * LOCKSTEP_TEST_PG_URL) PostgreSQL: a partner publishes its contact card, the directory shows own org
 * and trust-group partners only, a confirmed AMBER case goes to a partner's topic contact, the partner
 * reads it in its inbox and acknowledges, the sender sees the acknowledgement and the time it took.
 * Refusals: unconfirmed, AMBER+STRICT/RED, an org outside the trust group, an unknown topic, a bad
 * card; an outsider's inbox answers like an unknown id.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../../exchange/taxii/both-stores.js';
import { buildApp } from '../../server/app.js';
import { caseViewSchema } from '../case-schema.js';
import type { CaseView } from '../case-schema.js';
import { directorySchema, inboxSchema, sharedCaseSchema } from '../share-schema.js';
import { get, login, prepareWorld, send, world } from '../test-world.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-share-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const CARD = {
  contacts: [
    { topic: 'election-integrity', name: 'Election desk', email: 'desk@b.example' },
    { topic: 'takedown', url: 'https://b.example/abuse' },
  ],
};

for (const kind of storeKinds()) {
  describe(`workspace points of contact and sharing: ${kind.name}`, () => {
    it('a confirmed case goes to a partner contact; the partner acknowledges; the sender sees it', async () => {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        const runs = await world(made.store, dir, hashes);
        const [alice, bob, carol] = [
          await login(app, 'alice'),
          await login(app, 'bob'),
          await login(app, 'carol'),
        ];
        const message = (res: { statusCode: number; body: string }, status = 422): string => {
          assert.equal(res.statusCode, status, res.body);
          return (JSON.parse(res.body) as { message: string }).message;
        };
        // Bob publishes org B's card; a javascript: URL is refused naming the field.
        assert.match(
          message(
            await send(app, bob, 'PUT', '/api/contacts', {
              contacts: [{ topic: 'press', url: 'javascript:x' }],
            }),
          ),
          /^contacts\.0\.url: must be an http\(s\) URL/,
        );
        assert.equal((await send(app, bob, 'PUT', '/api/contacts', CARD)).statusCode, 200);
        const dirA = directorySchema.parse((await get(app, alice, '/api/contacts')).json());
        assert.deepEqual(
          dirA.orgs.map((o) => [o.id, o.own, o.contacts.map((c) => c.topic)]),
          [
            ['org-a', true, []],
            ['org-b', false, ['election-integrity', 'takedown']],
          ],
        );
        const dirC = directorySchema.parse((await get(app, carol, '/api/contacts')).json());
        assert.deepEqual(
          dirC.orgs.map((o) => o.id),
          ['org-c'],
        );

        const view = (res: { statusCode: number; body: string; json(): unknown }, status = 200): CaseView => {
          assert.equal(res.statusCode, status, res.body);
          return caseViewSchema.parse(res.json());
        };
        const c = view(
          await send(app, alice, 'POST', '/api/cases', { runId: runs.aAmber, network: 'N1' }),
          201,
        );
        const url = `/api/cases/${c.case.id}`;
        assert.deepEqual(
          c.partners.map((p) => p.id),
          ['org-b'],
        );
        assert.match(
          message(await send(app, alice, 'POST', `${url}/shares`, { org: 'org-b' })),
          /^status: confirm the case before sending it \(it is new\)$/,
        );
        view(await send(app, alice, 'PATCH', url, { version: 1, status: 'triage' }));
        view(await send(app, alice, 'PATCH', url, { version: 2, status: 'confirmed' }));
        view(
          await send(app, alice, 'POST', `${url}/pins`, { account: 'acct-0-1', comment: 'first poster' }),
          201,
        );
        assert.match(
          message(await send(app, alice, 'POST', `${url}/shares`, { org: 'org-c' })),
          /^org: "org-c" is not a trust-group partner/,
        );
        assert.match(
          message(await send(app, alice, 'POST', `${url}/shares`, { org: 'org-b', topic: 'press' })),
          /^topic: org-b has no point of contact for "press"/,
        );
        const shared = view(
          await send(app, alice, 'POST', `${url}/shares`, {
            org: 'org-b',
            topic: 'election-integrity',
            message: 'Please look at N1 before Sunday.',
          }),
          201,
        );
        assert.equal(shared.case.status, 'shared');
        assert.deepEqual(
          shared.shares.map((s) => [
            s.org,
            s.topic,
            s.contact?.name,
            s.tlp,
            s.version,
            s.ack,
            s.secondsToAck,
          ]),
          [['org-b', 'election-integrity', 'Election desk', 'amber', 1, null, null]],
        );

        // Org B's inbox has it; org C's has nothing, and its look-up answers like an unknown id.
        const inbox = inboxSchema.parse((await get(app, bob, '/api/inbox')).json());
        assert.equal(inbox.shares.length, 1);
        const got = inbox.shares[0]!;
        assert.deepEqual(
          [
            got.caseId,
            got.fromOrg,
            got.title,
            got.status,
            got.message,
            got.accounts.length,
            got.pins[0]?.comment,
          ],
          [c.case.id, 'org-a', c.case.title, 'shared', 'Please look at N1 before Sunday.', 3, 'first poster'],
        );
        assert.deepEqual(inboxSchema.parse((await get(app, carol, '/api/inbox')).json()).shares, []);
        const hidden = await get(app, carol, `/api/inbox/${c.case.id}`);
        const unknown = await get(app, carol, '/api/inbox/case-ffffffffffffffff');
        assert.deepEqual([hidden.statusCode, hidden.json()], [404, unknown.json()]);
        assert.equal((await send(app, carol, 'POST', `/api/inbox/${c.case.id}/ack`, {})).statusCode, 404);
        assert.match(
          message(await send(app, bob, 'POST', `/api/inbox/${c.case.id}/ack`, { kind: 'maybe' })),
          /^kind: /,
        );

        const ack = sharedCaseSchema.parse(
          (await send(app, bob, 'POST', `/api/inbox/${c.case.id}/ack`, { kind: 'actioned' })).json(),
        );
        assert.deepEqual([ack.ack?.kind, ack.ack?.by], ['actioned', 'bob']);
        const repeat = sharedCaseSchema.parse(
          (await send(app, bob, 'POST', `/api/inbox/${c.case.id}/ack`, { kind: 'rejected' })).json(),
        );
        assert.deepEqual(repeat.ack, ack.ack);

        const seen = view(await get(app, alice, url));
        const s = seen.shares[0]!;
        assert.equal(s.ack?.kind, 'actioned');
        assert.ok(
          s.secondsToAck !== null && s.secondsToAck >= 0 && s.secondsToAck < 60,
          String(s.secondsToAck),
        );
        assert.deepEqual(
          seen.events.slice(-3).map((e) => [e.kind, e.actor]),
          [
            ['shared', 'alice'],
            ['status', 'alice'],
            ['acknowledged', 'bob (org-b)'],
          ],
        );
        assert.match(
          seen.events.at(-1)!.summary,
          /^org-b acknowledged it \(actioned\) \d+ s after it was sent$/,
        );
        assert.match(
          seen.events.find((e) => e.kind === 'shared')!.summary,
          /^sent it to org-b \(election-integrity: Election desk\) at TLP:AMBER, version 1$/,
        );

        // A re-share is a new version that asks again.
        const again = view(await send(app, alice, 'POST', `${url}/shares`, { org: 'org-b' }), 201);
        assert.deepEqual(
          again.shares.map((x) => [x.version, x.ack, x.topic]),
          [[2, null, null]],
        );
        // Marked AMBER+STRICT, the case stays home.
        view(await send(app, alice, 'PATCH', url, { version: again.case.version, tlp: 'amber+strict' }));
        assert.match(
          message(await send(app, alice, 'POST', `${url}/shares`, { org: 'org-b' })),
          /^tlp: a TLP:AMBER\+STRICT case stays within org-a/,
        );
        // A case on an AMBER+STRICT run has no partner to go to.
        const strict = view(
          await send(app, alice, 'POST', '/api/cases', { runId: runs.aStrict, network: 'N1' }),
          201,
        );
        assert.deepEqual(strict.partners, []);
        // Org B leaves the trust group: its inbox no longer shows org A's case.
        await made.store.putTrustGroup({ id: 'desk', name: 'desk', members: ['org-a', 'org-c'] });
        assert.deepEqual(inboxSchema.parse((await get(app, bob, '/api/inbox')).json()).shares, []);
        assert.equal((await get(app, bob, `/api/inbox/${c.case.id}`)).statusCode, 404);
      } finally {
        await app.close();
        await made.dispose();
      }
    });
  });
}
