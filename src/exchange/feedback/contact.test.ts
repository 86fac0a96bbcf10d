import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../../server/test-helpers/taxii-factories.js';
import { ALICE, BOB, json, taxiiGet } from '../../server/test-helpers/taxii-factories.js';
import { TAXII_MEDIA } from '../taxii/media.js';
import {
  CAROL,
  assertTaxiiError,
  contactUrl,
  feedbackServer,
  taxiiSend,
} from '../../server/test-helpers/feedback-factories.js';

const CARD = {
  contacts: [
    {
      topic: 'election-integrity',
      name: 'Election desk',
      email: 'desk@civic.example',
      pgp_fingerprint: '0123 4567 89ab cdef 0123  4567 89AB CDEF 0123 4567',
      languages: ['en', 'pt-BR'],
    },
    { topic: 'takedown', url: 'https://civic.example/report-abuse', phone: '+44 20 7946 0000' },
  ],
};

interface CardBody {
  organisation: string;
  name: string;
  updated: string;
  contacts: Record<string, unknown>[];
}

describe('feedback: contact cards', () => {
  let s: TestServer;
  before(async () => {
    s = await feedbackServer();
  });
  after(async () => {
    await s.close();
  });

  it('404 before an organisation publishes a card, and for an unknown organisation', async () => {
    assertTaxiiError(await taxiiGet(s.app, contactUrl('org-a'), BOB), 404, 'ERR_TAXII_NOT_FOUND');
    assertTaxiiError(await taxiiGet(s.app, contactUrl('org-zz'), BOB), 404, 'ERR_TAXII_NOT_FOUND');
  });

  it('a member publishes the card (normalised fingerprint); any authenticated caller reads it', async () => {
    const put = await taxiiSend(s.app, 'PUT', contactUrl('org-a'), CARD, ALICE);
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.headers['content-type'], TAXII_MEDIA);
    for (const who of [ALICE, BOB, CAROL]) {
      const res = await taxiiGet(s.app, contactUrl('org-a'), who);
      assert.equal(res.statusCode, 200, res.body);
      const body = json<CardBody>(res);
      assert.equal(body.organisation, 'org-a');
      assert.equal(body.name, 'Civic Watch (org A)');
      assert.equal(body.contacts.length, 2);
      assert.equal(body.contacts[0]!.pgp_fingerprint, '0123456789ABCDEF0123456789ABCDEF01234567');
      assert.equal(body.contacts[1]!.url, 'https://civic.example/report-abuse');
      assert.match(body.updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
    // A second PUT replaces the card.
    const replaced = { contacts: [{ topic: 'press', email: 'press@civic.example' }] };
    assert.equal((await taxiiSend(s.app, 'PUT', contactUrl('org-a'), replaced, ALICE)).statusCode, 200);
    const body = json<CardBody>(await taxiiGet(s.app, contactUrl('org-a'), BOB));
    assert.deepEqual(body.contacts, replaced.contacts);
  });

  it('403 for a PUT on another organisation (existing or not); the card is unchanged', async () => {
    const before = (await taxiiGet(s.app, contactUrl('org-a'), ALICE)).body;
    assertTaxiiError(
      await taxiiSend(s.app, 'PUT', contactUrl('org-a'), CARD, BOB),
      403,
      'ERR_TAXII_FORBIDDEN',
    );
    assertTaxiiError(await taxiiSend(s.app, 'PUT', contactUrl('org-a'), CARD, CAROL), 403);
    assertTaxiiError(await taxiiSend(s.app, 'PUT', contactUrl('org-zz'), CARD, BOB), 403);
    assert.equal((await taxiiGet(s.app, contactUrl('org-a'), ALICE)).body, before);
  });

  it('422 naming the field for a card that breaks the schema, nothing stored', async () => {
    const bad: [unknown, RegExp][] = [
      [{ contacts: [] }, /contacts: give at least one contact/],
      [{ contacts: [{ topic: 'press' }] }, /contacts\.0\.email: each contact needs an email or a url/],
      [{ contacts: [{ topic: 'press', email: 'not-an-email' }] }, /contacts\.0\.email/],
      [
        { contacts: [{ topic: 'press', url: 'javascript:alert(1)' }] },
        /contacts\.0\.url: must be an http\(s\) URL/,
      ],
      [{ contacts: [{ topic: 'press', url: 'ftp://x.example/' }] }, /contacts\.0\.url/],
      [{ contacts: [{ topic: 'Press Desk', email: 'a@b.example' }] }, /contacts\.0\.topic/],
      [{ contacts: [{ topic: 'press', email: 'a@b.example', pgp_fingerprint: 'ABCD' }] }, /pgp_fingerprint/],
      [{ contacts: [{ topic: 'press', email: 'a@b.example', phone: 'call me' }] }, /contacts\.0\.phone/],
      [{ contacts: [{ topic: 'press', email: 'a@b.example', languages: ['English'] }] }, /languages\.0/],
      [{ contacts: [{ topic: 'press', email: 'a@b.example', extra: 1 }] }, /contacts\.0/],
      [
        {
          contacts: [
            { topic: 'press', email: 'a@b.example' },
            { topic: 'press', email: 'c@d.example' },
          ],
        },
        /contacts\.1\.topic: duplicate topic "press"/,
      ],
      [{ contacts: 'soc@example.org' }, /contacts/],
      [[], /\(body\)/],
    ];
    for (const [body, message] of bad) {
      const res = await taxiiSend(s.app, 'PUT', contactUrl('org-b'), body, BOB);
      assertTaxiiError(res, 422, 'ERR_FEEDBACK_INVALID');
      assert.match(String(json(res).description), message, JSON.stringify(body));
    }
    assertTaxiiError(await taxiiGet(s.app, contactUrl('org-b'), BOB), 404);
  });

  it('400 for bad JSON or no body, 415 for another media type, 413 above 64 KiB', async () => {
    assertTaxiiError(await taxiiSend(s.app, 'PUT', contactUrl('org-b'), '{"contacts": [', BOB), 400);
    assertTaxiiError(await taxiiSend(s.app, 'PUT', contactUrl('org-b'), undefined, BOB), 400);
    assertTaxiiError(
      await taxiiSend(s.app, 'PUT', contactUrl('org-b'), CARD, BOB, { 'content-type': 'application/json' }),
      415,
    );
    const huge = { contacts: [{ topic: 'press', email: 'a@b.example', name: 'x'.repeat(70_000) }] };
    assertTaxiiError(
      await taxiiSend(s.app, 'PUT', contactUrl('org-b'), huge, BOB),
      413,
      'ERR_TAXII_TOO_LARGE',
    );
  });

  it('401 without credentials and 406 for a foreign Accept, on GET and PUT', async () => {
    assertTaxiiError(await s.app.inject({ url: contactUrl('org-a'), headers: { accept: TAXII_MEDIA } }), 401);
    assertTaxiiError(
      await s.app.inject({
        method: 'PUT',
        url: contactUrl('org-a'),
        headers: { accept: TAXII_MEDIA, 'content-type': TAXII_MEDIA },
        payload: JSON.stringify(CARD),
      }),
      401,
    );
    assertTaxiiError(await taxiiGet(s.app, contactUrl('org-a'), ALICE, { accept: 'application/json' }), 406);
    assertTaxiiError(await taxiiGet(s.app, `/nope/feedback/organisations/org-a/contact`, ALICE), 404);
  });
});
