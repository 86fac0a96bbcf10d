/**
 * Sharing a case to a TAXII collection, through the real app on SQLite and (with LOCKSTEP_TEST_PG_URL)
 * PostgreSQL: refusals (unconfirmed, TLP below the case's, a collection the org may not write), the
 * objects a partner reads over TAXII (valid STIX per the OASIS schemas, the TLP chosen, contact
 * information on the org's identity), republishing an unchanged case writes nothing, a changed one
 * new versions only of what changed, the partner's TAXII acknowledgement and sighting appear in the
 * case with the time to acknowledge; an outsider sees neither the objects nor the case's feedback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../../exchange/taxii/both-stores.js';
import { basic, taxiiGet, taxiiPost } from '../../server/test-helpers/taxii-factories.js';
import { buildApp } from '../../server/app.js';
import { TLP2_IDS } from '../../stix/tlp.js';
import { validateObjects } from '../../stix/validate.js';
import { DEFAULT_TLP_POLICY } from '../../store/store.js';
import { sharedPath } from '../../test-helpers/shared-dir.js';
import { caseViewSchema } from '../case-schema.js';
import type { CaseView } from '../case-schema.js';
import { publicationsSchema, taxiiTargetsSchema } from '../taxii-share-schema.js';
import { deskCollection, get, login, prepareWorld, send, world } from '../test-world.js';

// The OASIS schemas of the project's shared folder when present (the vendored copy otherwise).
const SCHEMAS = sharedPath('stix2-json-schemas', 'schemas');
process.env.LOCKSTEP_STIX_SCHEMAS ??= SCHEMAS;

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-taxii-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ROOT = 'desk-root';
const DESK = '11111111-2222-4333-8444-555555555555';
const CAROLS = '66666666-7777-4888-9999-000000000000';
const BOB = basic('bob', 'bob-pw');
const CAROL = basic('carol', 'carol-pw');

interface Envelope {
  objects?: Record<string, unknown>[];
}

for (const kind of storeKinds()) {
  describe(`workspace: a case shared to a TAXII collection: ${kind.name}`, () => {
    it('publishes, versions on change only, and shows partner acks and sightings', async () => {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        const runs = await world(made.store, dir, hashes);
        const s = made.store;
        await deskCollection(s, ROOT, DESK);
        await s.putCollection({ id: CAROLS, apiRoot: ROOT, title: 'Carol only', policy: DEFAULT_TLP_POLICY });
        await s.putGrant({
          collection: CAROLS,
          granteeKind: 'org',
          grantee: 'org-c',
          read: true,
          write: true,
        });
        const [alice, carol] = [await login(app, 'alice'), await login(app, 'carol')];
        await s.putOrg({ id: 'org-a', name: 'Civic Watch', redRecipients: [] });
        assert.equal(
          (
            await send(app, alice, 'PUT', '/api/contacts', {
              contacts: [{ topic: 'election-integrity', name: 'Ana', email: 'ana@a.example' }],
            })
          ).statusCode,
          200,
        );

        const view = (res: { statusCode: number; body: string; json(): unknown }, status = 200): CaseView => {
          assert.equal(res.statusCode, status, res.body);
          return caseViewSchema.parse(res.json());
        };
        const refusal = (res: { statusCode: number; body: string }): string => {
          assert.equal(res.statusCode, 422, res.body);
          return (JSON.parse(res.body) as { message: string }).message;
        };
        const targets = taxiiTargetsSchema.parse((await get(app, alice, '/api/taxii/targets')).json());
        assert.deepEqual(
          targets.targets.map((t) => t.collection),
          [DESK],
        );

        const c = view(
          await send(app, alice, 'POST', '/api/cases', { runId: runs.aAmber, network: 'N1' }),
          201,
        );
        const url = `/api/cases/${c.case.id}`;
        const publish = (tlp: string, collection = DESK) =>
          send(app, alice, 'POST', `${url}/publish`, { apiRoot: ROOT, collection, tlp });
        assert.match(refusal(await publish('amber')), /^status: confirm the case before sharing it/);
        view(await send(app, alice, 'PATCH', url, { version: 1, status: 'triage' }));
        view(await send(app, alice, 'PATCH', url, { version: 2, status: 'confirmed' }));
        assert.match(
          refusal(await publish('green')),
          /^tlp: TLP:GREEN is less restrictive than the case's TLP:AMBER/,
        );
        assert.match(
          refusal(await publish('amber', CAROLS)),
          /^collection: no collection .* that org-a may write to/,
        );
        assert.match(refusal(await publish('amber', 'nope')), /^collection: /);

        const shared = view(await publish('amber'), 201);
        assert.equal(shared.case.status, 'shared');
        assert.ok(
          shared.events.some((e) => e.kind === 'published' && /Desk findings at TLP:AMBER/.test(e.summary)),
        );

        // Bob (same trust group) reads the objects over TAXII; carol has no grant.
        const objectsUrl = `/${ROOT}/collections/${DESK}/objects/`;
        const read = await taxiiGet(app, objectsUrl, BOB);
        assert.equal(read.statusCode, 200, read.body);
        const objects = read.json<Envelope>().objects ?? [];
        const campaign = objects.find((o) => o.type === 'campaign')!;
        assert.equal(campaign.x_lockstep_ack_required, true);
        assert.equal(campaign.x_lockstep_case, c.case.id);
        assert.equal(objects.filter((o) => o.type === 'user-account').length, c.accounts.length);
        for (const o of objects)
          if (o.type !== 'marking-definition')
            assert.deepEqual(o.object_marking_refs, [TLP2_IDS.amber], String(o.id));
        const identity = objects.find((o) => o.type === 'identity')!;
        assert.equal(identity.name, 'Civic Watch');
        assert.match(String(identity.contact_information), /^election-integrity: Ana <ana@a\.example>$/);
        for (const r of validateObjects(objects)) assert.deepEqual(r.errors, [], r.id);
        assert.equal((await taxiiGet(app, objectsUrl, CAROL)).statusCode, 404);

        // Unchanged: nothing new is written.
        const count = await s.countObjects(DESK);
        const again = view(await publish('amber'), 201);
        const pubs0 = publicationsSchema.parse((await get(app, alice, `${url}/publications`)).json());
        assert.equal(pubs0.publications[0]!.written, 0);
        assert.equal(pubs0.publications[0]!.unchanged, objects.length);
        assert.equal(await s.countObjects(DESK), count);

        // Bob acknowledges the campaign and sights one of its indicators, over TAXII.
        const ack = await taxiiPost(
          app,
          `/${ROOT}/feedback/objects/${String(campaign.id)}/ack`,
          { kind: 'actioned' },
          BOB,
        );
        assert.equal(ack.statusCode, 201, ack.body);
        const indicator = objects.find((o) => o.type === 'indicator')!;
        const sighting = {
          type: 'sighting',
          spec_version: '2.1',
          id: 'sighting--0d9c7f5e-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
          created: '2026-12-01T10:00:00.000Z',
          modified: '2026-12-01T10:00:00.000Z',
          sighting_of_ref: indicator.id,
          count: 4,
          first_seen: '2026-11-30T08:00:00.000Z',
          last_seen: '2026-11-30T09:00:00.000Z',
          object_marking_refs: [TLP2_IDS.amber],
        };
        const posted = await taxiiPost(app, objectsUrl, { objects: [sighting] }, BOB);
        assert.equal(posted.json<{ success_count: number }>().success_count, 1, posted.body);

        const pubs = publicationsSchema.parse((await get(app, alice, `${url}/publications`)).json());
        const p = pubs.publications[0]!;
        assert.equal(pubs.publications.length, 1);
        assert.deepEqual(
          p.acks.map((a) => [a.org, a.kind, a.version]),
          [['org-b', 'actioned', String(campaign.modified)]],
        );
        const secs = p.acks[0]!.secondsToAck!;
        // Counted from the first publication of the version acknowledged, not the republication.
        const firstAt = Date.parse(shared.events.find((e) => e.kind === 'published')!.at);
        assert.equal(secs, (Date.parse(p.acks[0]!.at) - firstAt) / 1000);
        assert.ok(secs >= 0 && again.case.status === 'shared');
        assert.deepEqual(
          p.sightings.map((x) => [x.org, x.of, x.count]),
          [['org-b', indicator.id, 4]],
        );
        assert.match(p.sightings[0]!.ofName, /^Account [\s\S]+ acting in lockstep$/);
        // Both answers are in the case's trail, after the publication, without a stored number.
        const trail = view(await get(app, alice, url)).events;
        const lines = trail.filter((e) => e.kind.startsWith('taxii-'));
        assert.deepEqual(
          lines.map((e) => [e.kind, e.actor, e.seq]),
          [
            ['taxii-ack', 'org-b', null],
            ['taxii-sighting', 'org-b', null],
          ],
        );
        assert.match(
          lines[0]!.summary,
          /^org-b acknowledged it \(actioned\) over TAXII in collection .+, \d+ s after it was published$/,
        );
        assert.match(lines[1]!.summary, /^org-b reported a sighting of Account [\s\S]+ \(seen 4 times\)$/);
        const published = trail.findIndex((e) => e.kind === 'published');
        assert.ok(published >= 0 && published < trail.indexOf(lines[0]!), 'in time order');
        // Carol's request for alice's case answers like an unknown one.
        assert.equal((await get(app, carol, `${url}/publications`)).statusCode, 404);

        // A new title changes the campaign (new version, same id); the accounts' objects stay.
        view(await send(app, alice, 'PATCH', url, { version: again.case.version, title: 'Renamed network' }));
        view(await publish('amber'), 201);
        const p2 = publicationsSchema.parse((await get(app, alice, `${url}/publications`)).json())
          .publications[0]!;
        assert.ok(p2.version > p.version, `${p2.version} > ${p.version}`);
        assert.equal(p2.written, 2, 'the campaign and the evidence note');
        const all = await taxiiGet(app, `${objectsUrl}?match[type]=campaign&match[version]=all`, BOB);
        assert.deepEqual(
          (all.json<Envelope>().objects ?? []).map((o) => o.name),
          [shared.case.title, 'Renamed network'],
        );
        // The acknowledgement was of the old version: the new one asks again.
        assert.equal(p2.acks.length, 1);
        assert.notEqual(p2.acks[0]!.version, p2.version);

        // RED is at least AMBER: allowed, and bob (not a RED recipient) no longer sees the new version.
        const cur = view(await get(app, alice, url));
        view(await send(app, alice, 'PATCH', url, { version: cur.case.version, title: 'Red title' }));
        view(await publish('red'), 201);
        const seen = await taxiiGet(app, `${objectsUrl}?match[type]=campaign`, BOB);
        assert.notEqual((seen.json<Envelope>().objects ?? [])[0]?.name, 'Red title');
      } finally {
        await app.close();
        await made.dispose();
      }
    });
  });
}
