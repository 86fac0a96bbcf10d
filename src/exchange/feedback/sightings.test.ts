import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../../server/test-helpers/taxii-factories.js';
import { ALICE, BOB, basic, indicator, json, taxiiGet } from '../../server/test-helpers/taxii-factories.js';
import { TAXII_MEDIA } from '../taxii/media.js';
import {
  CAROL,
  IDENT,
  assertTaxiiError,
  feedbackServer,
  feedbackUrl,
  post,
  sighting,
} from '../../server/test-helpers/feedback-factories.js';

interface SightingsBody {
  object_id: string;
  more: boolean;
  summary: {
    sightings: number;
    total_count: number;
    organisations: number;
    first_seen?: string;
    last_seen?: string;
  };
  sightings: {
    id: string;
    version: string;
    posted_by_org: string;
    created_by_ref?: string;
    where_sighted_refs?: string[];
    count?: number;
    tlp: string;
  }[];
}

describe('feedback: sightings of an object, for its producer', () => {
  let s: TestServer;
  const target = indicator(7001);
  const url = feedbackUrl(target.id, 'sightings/');
  before(async () => {
    s = await feedbackServer();
    await post(s.app, 'shared', [target], ALICE);
    // bob (org B, alice's trust-group peer) answers in the shared collection …
    await post(
      s.app,
      'shared',
      [
        sighting(1, target.id, {
          tlp: 'green',
          extra: {
            count: 3,
            created_by_ref: IDENT(2),
            where_sighted_refs: [IDENT(2)],
            first_seen: '2026-04-02T08:00:00Z',
            last_seen: '2026-04-02T09:00:00Z',
          },
        }),
        sighting(2, target.id, { tlp: 'amber', extra: { last_seen: '2026-04-03T09:00:00Z' } }),
        // … a RED one naming alice as a recipient (orgs[].redRecipients in the demo) …
        sighting(8, target.id, { tlp: 'red', extra: { count: 2 } }),
        // … one only bob's org may see …
        sighting(3, target.id, { tlp: 'amber+strict', extra: { count: 100 } }),
        // … and one about another object.
        sighting(4, indicator(7002).id, { tlp: 'green' }),
      ],
      BOB,
    );
    // A newer version of sighting 1 replaces the older one in the answer.
    await post(
      s.app,
      'shared',
      [sighting(1, target.id, { tlp: 'green', modified: '2026-04-05T10:00:00.000Z', extra: { count: 5 } })],
      BOB,
    );
    // In a collection alice cannot read: never shown to her.
    await post(s.app, 'internal', [sighting(5, target.id, { tlp: 'green', extra: { count: 1000 } })], BOB);
  });
  after(async () => {
    await s.close();
  });

  it('lists the sightings the producer may see, newest version each, with a summary', async () => {
    const res = await taxiiGet(s.app, url, ALICE);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], TAXII_MEDIA);
    const body = json<SightingsBody>(res);
    assert.equal(body.object_id, target.id);
    assert.equal(body.more, false);
    assert.deepEqual(
      body.sightings.map((x) => [x.id, x.version, x.tlp, x.posted_by_org]).sort(),
      [
        [sighting(1, target.id).id, '2026-04-05T10:00:00.000Z', 'green', 'org-b'],
        [sighting(2, target.id).id, '2026-04-02T10:00:00.000Z', 'amber', 'org-b'],
        [sighting(8, target.id).id, '2026-04-02T10:00:00.000Z', 'red', 'org-b'],
      ].sort(),
    );
    assert.deepEqual(body.summary, {
      sightings: 3,
      total_count: 8, // 5 (newest version of sighting 1) + 1 (sighting 2 has no count) + 2 (RED)
      organisations: 1,
      last_seen: '2026-04-03T09:00:00Z',
    });
  });

  it('carries who sighted it (created_by_ref, where_sighted_refs) from the object', async () => {
    await post(
      s.app,
      'shared',
      [
        sighting(6, indicator(7003).id, {
          extra: {
            created_by_ref: IDENT(3),
            where_sighted_refs: [IDENT(3)],
            count: 2,
            first_seen: '2026-04-01T00:00:00Z',
          },
        }),
      ],
      BOB,
    );
    await post(s.app, 'shared', [indicator(7003)], ALICE);
    const body = json<SightingsBody>(
      await taxiiGet(s.app, feedbackUrl(indicator(7003).id, 'sightings'), ALICE),
    );
    assert.equal(body.sightings.length, 1);
    assert.equal(body.sightings[0]!.created_by_ref, IDENT(3));
    assert.deepEqual(body.sightings[0]!.where_sighted_refs, [IDENT(3)]);
    assert.equal(body.summary.first_seen, '2026-04-01T00:00:00Z');
  });

  it('shows the producer its own AMBER+STRICT sightings when it is the producer of those too', async () => {
    // bob publishes his own object; his strict sighting of it is visible to him.
    const own = indicator(7004);
    await post(s.app, 'internal', [own, sighting(7, own.id, { tlp: 'amber+strict' })], BOB);
    const body = json<SightingsBody>(await taxiiGet(s.app, feedbackUrl(own.id, 'sightings/'), BOB));
    assert.deepEqual(
      body.sightings.map((x) => x.id),
      [sighting(7, own.id).id],
    );
  });

  it('answers an object without sightings with an empty list', async () => {
    await post(s.app, 'shared', [indicator(7005)], ALICE);
    const body = json<SightingsBody>(
      await taxiiGet(s.app, feedbackUrl(indicator(7005).id, 'sightings/'), ALICE),
    );
    assert.deepEqual(body.sightings, []);
    assert.equal(body.summary.sightings, 0);
  });

  it('403 for a reader who is not the producer, 404 for an outsider or an unknown object', async () => {
    assertTaxiiError(await taxiiGet(s.app, url, BOB), 403, 'ERR_TAXII_FORBIDDEN');
    assertTaxiiError(await taxiiGet(s.app, url, CAROL), 404, 'ERR_TAXII_NOT_FOUND');
    assertTaxiiError(
      await taxiiGet(s.app, feedbackUrl(indicator(7099).id, 'sightings/'), ALICE),
      404,
      'ERR_TAXII_NOT_FOUND',
    );
    assertTaxiiError(await taxiiGet(s.app, `/nope/feedback/objects/${target.id}/sightings/`, ALICE), 404);
    assertTaxiiError(await taxiiGet(s.app, feedbackUrl('x'.repeat(300), 'sightings/'), ALICE), 404);
  });

  it('401 without or with wrong credentials, 406 for a foreign Accept, as the object routes', async () => {
    const anon = await s.app.inject({ url, headers: { accept: TAXII_MEDIA } });
    assertTaxiiError(anon, 401, 'ERR_TAXII_UNAUTHORIZED');
    assert.match(String(anon.headers['www-authenticate']), /Basic/);
    assertTaxiiError(await taxiiGet(s.app, url, basic('alice', 'wrong')), 401);
    assertTaxiiError(await taxiiGet(s.app, url, ALICE, { accept: 'text/html' }), 406);
  });
});
