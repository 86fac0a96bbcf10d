import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../../server/test-helpers/taxii-factories.js';
import { ALICE, BOB, indicator, json, taxiiGet } from '../../server/test-helpers/taxii-factories.js';
import { TAXII_MEDIA } from '../taxii/media.js';
import { secondsBetween } from './presenters.js';
import {
  CAROL,
  assertTaxiiError,
  feedbackServer,
  feedbackUrl,
  objectsUrl,
  post,
  report,
  taxiiSend,
} from '../../server/test-helpers/feedback-factories.js';

interface AckAnswer {
  object_id: string;
  organisation: string;
  acknowledgements: { organisation: string; kind: string; version: string; collection: string; at: string }[];
}
interface AcksReport {
  ack_required: boolean;
  published: string | null;
  time_to_first_ack_seconds: number | null;
  first_ack: { organisation: string; kind: string; at: string } | null;
  organisations: { organisation: string; first_at: string; seconds_after_publication: number }[];
  acks: { organisation: string; kind: string; at: string; seconds_after_publication: number }[];
}

describe('feedback: acknowledgements', () => {
  let s: TestServer;
  const asked = report(1, { ack: true, tlp: 'green' });
  const ack = (id: string, auth = ALICE, body?: unknown) =>
    taxiiSend(s.app, 'POST', feedbackUrl(id, 'ack'), body, auth);
  const acks = (id: string, auth = BOB) => taxiiGet(s.app, feedbackUrl(id, 'acks'), auth);

  before(async () => {
    s = await feedbackServer();
    // bob's newsroom publishes a report that asks for acknowledgement, in the shared collection.
    await post(s.app, 'shared', [asked], BOB);
  });
  after(async () => {
    await s.close();
  });

  it('a recipient acknowledges once: 201 with the time, then 200 with the same time', async () => {
    const first = await ack(asked.id);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['content-type'], TAXII_MEDIA);
    const a = json<AckAnswer>(first);
    assert.equal(a.organisation, 'org-a');
    assert.equal(a.acknowledgements.length, 1);
    assert.equal(a.acknowledgements[0]!.kind, 'received');
    assert.equal(a.acknowledgements[0]!.version, asked.modified);
    const again = await ack(asked.id);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(json<AckAnswer>(again).acknowledgements[0]!.at, a.acknowledgements[0]!.at);
  });

  it('the producer reads per-org ack times and the time to first acknowledgement', async () => {
    const actioned = await ack(asked.id, ALICE, { kind: 'actioned' });
    assert.equal(actioned.statusCode, 201, actioned.body);
    const res = await acks(asked.id, BOB);
    assert.equal(res.statusCode, 200, res.body);
    const r = json<AcksReport>(res);
    const manifest = json<{ objects: { id: string; date_added: string }[] }>(
      await taxiiGet(
        s.app,
        `${objectsUrl('shared').replace(/objects\/$/, 'manifest/')}?match[id]=${asked.id}`,
        BOB,
      ),
    );
    const dateAdded = manifest.objects[0]!.date_added;
    assert.equal(r.ack_required, true);
    assert.equal(r.published, dateAdded);
    assert.deepEqual(
      r.acks.map((x) => [x.organisation, x.kind]),
      [
        ['org-a', 'received'],
        ['org-a', 'actioned'],
      ],
    );
    assert.equal(r.first_ack?.organisation, 'org-a');
    assert.equal(r.first_ack.kind, 'received');
    assert.equal(r.time_to_first_ack_seconds, secondsBetween(dateAdded, r.first_ack.at));
    assert.ok(r.time_to_first_ack_seconds >= 0);
    assert.deepEqual(
      r.organisations.map((o) => [o.organisation, o.first_at]),
      [['org-a', r.first_ack.at]],
    );
  });

  it('secondsBetween counts microseconds across precisions', () => {
    assert.equal(secondsBetween('2026-04-01T10:00:00Z', '2026-04-01T10:01:30.5Z'), 90.5);
    assert.equal(secondsBetween('2026-04-01T10:00:00.000001Z', '2026-04-01T10:00:00.000003Z'), 0.000002);
    assert.equal(secondsBetween('2026-04-02T00:00:00Z', '2026-04-01T00:00:00Z'), -86400);
  });

  it('403: the producer cannot acknowledge its own object, and a recipient cannot read the acks', async () => {
    assertTaxiiError(await ack(asked.id, BOB), 403, 'ERR_TAXII_FORBIDDEN');
    assertTaxiiError(await acks(asked.id, ALICE), 403, 'ERR_TAXII_FORBIDDEN');
  });

  it('404 for an outsider, an unknown object, and an object hidden by TLP', async () => {
    assertTaxiiError(await ack(asked.id, CAROL), 404, 'ERR_TAXII_NOT_FOUND');
    assertTaxiiError(await acks(asked.id, CAROL), 404, 'ERR_TAXII_NOT_FOUND');
    assertTaxiiError(await ack(report(99).id), 404);
    const strict = report(2, { ack: true, tlp: 'amber+strict' });
    await post(s.app, 'shared', [strict], BOB);
    assertTaxiiError(await ack(strict.id, ALICE), 404, 'ERR_TAXII_NOT_FOUND');
    assertTaxiiError(await acks(strict.id, ALICE), 404);
    // bob still sees his own report and nobody acknowledged it.
    const r = json<AcksReport>(await acks(strict.id, BOB));
    assert.equal(r.time_to_first_ack_seconds, null);
    assert.deepEqual(r.acks, []);
  });

  it('422 when the visible version does not ask for acknowledgement (absent, false, or dropped later)', async () => {
    const plain = indicator(8001);
    await post(s.app, 'shared', [plain, report(3, { ack: false })], BOB);
    assertTaxiiError(await ack(plain.id), 422, 'ERR_FEEDBACK_ACK_NOT_REQUESTED');
    assertTaxiiError(await ack(report(3).id), 422, 'ERR_FEEDBACK_ACK_NOT_REQUESTED');
    // A newer version without the property withdraws the request.
    await post(s.app, 'shared', [report(4, { ack: true })], BOB);
    await post(s.app, 'shared', [report(4, { modified: '2026-04-09T00:00:00.000Z' })], BOB);
    assertTaxiiError(await ack(report(4).id), 422, 'ERR_FEEDBACK_ACK_NOT_REQUESTED');
    // The producer's report still records when it asked (the older version).
    assert.equal(json<AcksReport>(await acks(report(4).id, BOB)).ack_required, true);
    assert.equal(json<AcksReport>(await acks(report(3).id, BOB)).ack_required, false);
  });

  it('422 for a malformed body, 400 for bad JSON, 415 for another media type; nothing recorded', async () => {
    const fresh = report(5, { ack: true });
    await post(s.app, 'shared', [fresh], BOB);
    for (const body of [{ kind: 'seen' }, { kind: 'received', extra: true }, [], 'x'])
      assertTaxiiError(await ack(fresh.id, ALICE, body === 'x' ? '"x"' : body), 422, 'ERR_FEEDBACK_INVALID');
    assertTaxiiError(await ack(fresh.id, ALICE, '{"kind":'), 400, 'ERR_TAXII_BAD_REQUEST');
    assertTaxiiError(
      await taxiiSend(s.app, 'POST', feedbackUrl(fresh.id, 'ack'), { kind: 'received' }, ALICE, {
        'content-type': 'text/plain',
      }),
      415,
    );
    assertTaxiiError(await ack(fresh.id, ALICE, { kind: 'received', pad: 'x'.repeat(5000) }), 413);
    assert.deepEqual(json<AcksReport>(await acks(fresh.id, BOB)).acks, []);
  });

  it('401 without credentials and 406 for a foreign Accept', async () => {
    assertTaxiiError(
      await s.app.inject({
        method: 'POST',
        url: feedbackUrl(asked.id, 'ack'),
        headers: { accept: TAXII_MEDIA },
      }),
      401,
    );
    assertTaxiiError(await taxiiGet(s.app, feedbackUrl(asked.id, 'acks'), BOB, { accept: 'text/html' }), 406);
  });
});
