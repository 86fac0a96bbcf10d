import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TLP2_IDS } from '../stix/tlp.js';
import { DEMO_COLLECTIONS } from './demo.js';
import type { TestServer } from '../server/test-helpers/taxii-factories.js';
import { ALICE, BOB, indicator, json, taxiiGet, taxiiPost } from '../server/test-helpers/taxii-factories.js';
import {
  CAROL,
  IDENT,
  assertTaxiiError,
  feedbackServer,
  feedbackUrl,
  objectsUrl,
  post,
  report,
  sighting,
  taxiiSend,
} from '../server/test-helpers/feedback-factories.js';

interface Status {
  success_count: number;
  failure_count: number;
  successes?: { id: string; version?: string; message?: string }[];
  failures?: { id: string; version?: string; message?: string }[];
}

const marked = (tlp: keyof typeof TLP2_IDS) => ({ object_marking_refs: [TLP2_IDS[tlp]] });

/** What a status says about its objects, with the ids replaced by their position (fresh vs colliding). */
function shape(st: Status) {
  return {
    success_count: st.success_count,
    failure_count: st.failure_count,
    successes: (st.successes ?? []).map((d) => ({ version: d.version, message: d.message })),
    failures: (st.failures ?? []).map((d) => ({ version: d.version, message: d.message })),
  };
}

describe('ownership: only the publishing org versions an object; hidden ids are no oracle', () => {
  let s: TestServer;
  const postAs = async (collection: keyof typeof DEMO_COLLECTIONS, objects: unknown[], auth: string) => {
    const res = await taxiiPost(s.app, objectsUrl(collection), { objects }, auth);
    assert.equal(res.statusCode, 202, res.body);
    return json<Status>(res);
  };
  const latest = async (collection: keyof typeof DEMO_COLLECTIONS, id: string, auth: string) => {
    const res = await taxiiGet(s.app, `${objectsUrl(collection)}${id}/`, auth);
    return res.statusCode === 200
      ? json<{ objects: Record<string, unknown>[] }>(res).objects
      : res.statusCode;
  };

  before(async () => {
    s = await feedbackServer();
    // carol (org C, no trust group) reads and writes `shared`, and may only write `internal`.
    await s.store.putGrant({
      collection: DEMO_COLLECTIONS.shared,
      granteeKind: 'org',
      grantee: 'org-c',
      read: true,
      write: true,
    });
    await s.store.putGrant({
      collection: DEMO_COLLECTIONS.internal,
      granteeKind: 'org',
      grantee: 'org-c',
      read: false,
      write: true,
    });
  });
  after(() => s.close());

  it('answers a post colliding with a hidden object exactly as a fresh one, and keeps it apart (defect 1)', async () => {
    const secret = indicator(101, '2026-04-01T12:00:00.000Z', { ...marked('red'), name: 'secret' });
    const other = indicator(110, '2026-04-01T12:00:00.000Z', { ...marked('red'), name: 'secret' });
    await post(s.app, 'shared', [secret, other], ALICE);
    // The same content (which "unchanged" would confirm) and a wrong guess (which "different" would).
    for (const [i, content] of [secret, { ...other, name: 'guess' }].entries()) {
      const collide = await postAs('shared', [{ ...content, object_marking_refs: [TLP2_IDS.green] }], CAROL);
      const fresh = await postAs('shared', [indicator(201 + i)], CAROL);
      assert.deepEqual(shape(collide), shape(fresh));
    }
    // carol reads her own copy back (as she would a fresh object); nobody else sees it.
    const mine = await latest('shared', secret.id, CAROL);
    assert.ok(Array.isArray(mine) && mine.length === 1 && mine[0]!.name === 'secret');
    assert.deepEqual(await latest('shared', secret.id, ALICE), [secret]);
    assert.equal(await latest('shared', secret.id, BOB), 404);
    // A re-post of carol's own copy is "already present" for her, as for any object she posted twice.
    const again = await postAs('shared', [{ ...secret, object_marking_refs: [TLP2_IDS.green] }], CAROL);
    assert.equal(again.successes?.[0]?.message, 'already present; unchanged');
  });

  it('tells a write-only poster nothing either: collision and fresh id give the same status', async () => {
    const hidden = indicator(102, '2026-04-01T12:00:00.000Z', marked('amber+strict'));
    await post(s.app, 'internal', [hidden], BOB);
    const collide = await postAs('internal', [hidden], CAROL);
    const fresh = await postAs('internal', [indicator(103)], CAROL);
    assert.deepEqual(shape(collide), shape(fresh));
    assert.deepEqual(await latest('internal', hidden.id, BOB), [hidden]);
  });

  it("refuses a newer (or revoking) version of another org's visible object, and keeps its latest (defect 3)", async () => {
    const mine = indicator(104, '2026-04-01T12:00:00.000Z', marked('green'));
    await post(s.app, 'shared', [mine], ALICE);
    const st = await postAs(
      'shared',
      [{ ...mine, modified: '2026-05-01T00:00:00.000Z', revoked: true }],
      CAROL,
    );
    assert.equal(st.success_count, 0);
    assert.match(
      st.failures?.[0]?.message ?? '',
      /another organisation published .*only it may add versions/,
    );
    for (const auth of [ALICE, BOB, CAROL]) assert.deepEqual(await latest('shared', mine.id, auth), [mine]);
    // A relay re-sending the very version it can read (sync) changes nothing and is told so.
    const relay = await postAs(
      'shared',
      [JSON.parse(JSON.stringify(mine, Object.keys(mine).reverse()))],
      CAROL,
    );
    assert.deepEqual(
      relay.successes?.map((d) => d.message),
      ['already present; unchanged'],
    );
    // The owner itself still versions it.
    const v2 = { ...mine, modified: '2026-05-01T00:00:00.000Z', name: 'v2' };
    await post(s.app, 'shared', [v2], ALICE);
    assert.deepEqual(await latest('shared', mine.id, BOB), [v2]);
  });

  it("refuses or keeps apart objects whose created_by_ref is another org's identity (impersonation)", async () => {
    const aliceId = {
      type: 'identity',
      spec_version: '2.1',
      id: IDENT(50),
      created: '2026-04-01T12:00:00.000Z',
      modified: '2026-04-01T12:00:00.000Z',
      name: 'Civic Watch',
      identity_class: 'organization',
      ...marked('green'),
    };
    await post(s.app, 'shared', [aliceId, indicator(105, undefined, { created_by_ref: aliceId.id })], ALICE);
    const st = await postAs('shared', [indicator(106, undefined, { created_by_ref: aliceId.id })], CAROL);
    assert.equal(st.success_count, 0);
    assert.match(st.failures?.[0]?.message ?? '', /created_by_ref .* is another organisation's identity/);
    // An identity only named (never posted) is owned too; carol cannot see it, so her object is kept apart.
    await post(s.app, 'shared', [
      indicator(107, undefined, { created_by_ref: IDENT(51), ...marked('green') }),
    ]);
    const fake = indicator(108, undefined, { created_by_ref: IDENT(51), ...marked('green') });
    const kept = await postAs('shared', [fake], CAROL);
    assert.equal(kept.success_count, 1);
    assert.equal(await latest('shared', fake.id, BOB), 404);
    assert.equal(((await latest('shared', fake.id, CAROL)) as unknown[]).length, 1);
  });

  it("gives a poster of a hidden id no producer feedback of the owner's (defect 2)", async () => {
    const asked = report(60, { ack: true, tlp: 'amber' });
    await post(s.app, 'shared', [asked], ALICE);
    assert.equal(
      (await taxiiSend(s.app, 'POST', feedbackUrl(asked.id, 'ack'), undefined, BOB)).statusCode,
      201,
    );
    await post(s.app, 'shared', [sighting(60, asked.id, { tlp: 'green' })], BOB);
    assertTaxiiError(await taxiiGet(s.app, feedbackUrl(asked.id, 'acks'), CAROL), 404);
    // carol posts a newer version of the report she cannot see: kept apart, so she is "producer" of her
    // copy only — its feedback is empty, as for a fresh object, and holds nothing of org A's.
    await postAs('shared', [{ ...asked, modified: '2026-06-01T00:00:00.000Z' }], CAROL);
    const acks = json<{ acks: unknown[] }>(await taxiiGet(s.app, feedbackUrl(asked.id, 'acks'), CAROL));
    assert.deepEqual(acks.acks, []);
    const sightings = json<{ sightings: unknown[] }>(
      await taxiiGet(s.app, feedbackUrl(asked.id, 'sightings/'), CAROL),
    );
    assert.deepEqual(sightings.sightings, []);
    // The owner's report is unchanged: bob's ack and sighting are still org A's.
    const owner = json<{ acks: { organisation: string }[] }>(
      await taxiiGet(s.app, feedbackUrl(asked.id, 'acks'), ALICE),
    );
    assert.deepEqual(
      owner.acks.map((a) => a.organisation),
      ['org-b'],
    );
    // A visible object: carol's newer version is refused and the feedback stays 403 for her.
    const open = report(61, { ack: true, tlp: 'green' });
    await post(s.app, 'shared', [open], ALICE);
    const st = await postAs('shared', [{ ...open, modified: '2026-06-01T00:00:00.000Z' }], CAROL);
    assert.equal(st.success_count, 0);
    assertTaxiiError(await taxiiGet(s.app, feedbackUrl(open.id, 'acks'), CAROL), 403);
    assertTaxiiError(await taxiiGet(s.app, feedbackUrl(open.id, 'sightings/'), CAROL), 403);
  });

  it("refuses to delete another org's visible versions", async () => {
    const mine = indicator(109, undefined, marked('green'));
    await post(s.app, 'shared', [mine], ALICE);
    const del = (auth: string) =>
      s.app.inject({
        method: 'DELETE',
        url: `${objectsUrl('shared')}${mine.id}/`,
        headers: { authorization: auth },
      });
    assertTaxiiError(await del(CAROL), 403);
    assert.deepEqual(await latest('shared', mine.id, BOB), [mine]);
    assert.equal((await del(ALICE)).statusCode, 200);
    // The id stays org A's after the delete: carol cannot take it over.
    const st = await postAs('shared', [{ ...mine, modified: '2026-07-01T00:00:00.000Z' }], CAROL);
    assert.equal(st.success_count, 1);
    assert.equal(await latest('shared', mine.id, BOB), 404);
  });
});
