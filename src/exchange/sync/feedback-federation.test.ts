/**
 * Feedback across two servers: alice (org A) publishes a finding that asks for acknowledgement on
 * server A; sync copies it to B; bob (org B) sees it on B, posts a sighting and acknowledges it there;
 * sync brings the sighting back to A, where alice reads it per object, and she reads bob's
 * acknowledgement (with the time to first acknowledgement) on B, where her copy is hers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { lockstepId } from '../../stix/ids.js';
import { TLP2_IDS } from '../../stix/tlp.js';
import { indicator } from '../../server/test-helpers/taxii-factories.js';
import { FeedbackClient, sightingFor } from '../client/feedback.js';
import type { StixObject } from '../client/resources.js';
import type { LiveServer } from '../../server/test-helpers/live-server.js';
import { clientFor, liveDemo } from '../../server/test-helpers/live-server.js';
import { SyncState } from './state.js';
import { syncOneWay } from './sync.js';
import type { SyncSide } from './sync.js';

describe('feedback channels across a federation', () => {
  let a: LiveServer;
  let b: LiveServer;
  before(async () => {
    [a, b] = await Promise.all([liveDemo(), liveDemo()]);
  });
  after(() => Promise.all([a.close(), b.close()]));

  it('a sighting posted on B reaches the producer on A; the acknowledgement on B is readable by the producer', async () => {
    const alice = clientFor('alice', 'alice-password');
    const bob = clientFor('bob', 'bob-password');
    const sideA: SyncSide = {
      client: alice,
      collection: await alice.resolveCollection(a.discoveryUrl, 'shared'),
    };
    const sideB: SyncSide = {
      client: alice,
      collection: await alice.resolveCollection(b.discoveryUrl, 'shared'),
    };
    const finding = indicator(8001, undefined, {
      object_marking_refs: [TLP2_IDS.green],
      x_lockstep_ack_required: true,
    }) as StixObject;
    await alice.addObjects(sideA.collection, [finding]);
    const state = SyncState.memory();
    assert.equal((await syncOneWay(sideA, sideB, { state })).failed.length, 0);

    // bob, on B: sees the finding, says "saw this too", acknowledges it
    const bobShared = await bob.resolveCollection(b.discoveryUrl, 'shared');
    assert.equal((await bob.getObject(bobShared.url, finding.id)).length, 1);
    const bobIdentity = lockstepId('identity', ['Newsroom Verify']);
    const sighting = sightingFor({
      of: finding.id,
      identityId: bobIdentity,
      count: 12,
      firstSeen: '2026-04-01T08:00:00.000Z',
      lastSeen: '2026-04-01T20:00:00.000Z',
      marking: TLP2_IDS.green,
    });
    assert.equal((await bob.addObjects(bobShared, [sighting])).successes.length, 1);
    const bobFeedback = new FeedbackClient(bob);
    await bobFeedback.acknowledge(bobShared.apiRootUrl, finding.id, 'actioned');

    // back on A after B → A: alice reads the sighting per object
    const back = await syncOneWay(sideB, sideA, { state });
    assert.ok(back.sent >= 1);
    const aliceFeedback = new FeedbackClient(alice);
    const seen = await aliceFeedback.sightings(sideA.collection.apiRootUrl, finding.id);
    assert.equal(seen.summary.sightings, 1);
    assert.equal(seen.summary.total_count, 12);
    assert.equal(seen.sightings[0]?.created_by_ref, bobIdentity);
    // only the producer reads them: on B the copy is alice's, so bob may not
    await assert.rejects(
      bobFeedback.sightings(bobShared.apiRootUrl, finding.id),
      (e: unknown) =>
        isLockstepError(e) && (e.code === 'ERR_TAXII_FORBIDDEN' || e.code === 'ERR_TAXII_NOT_FOUND'),
    );

    // the acknowledgement stays on B; alice's copy there is hers, so she reads it there
    const acks = await aliceFeedback.acknowledgements(sideB.collection.apiRootUrl, finding.id);
    assert.equal(acks.ack_required, true);
    const first = acks.first_ack;
    assert.ok(first);
    assert.equal(first.organisation, 'org-b');
    assert.equal(first.kind, 'actioned');
    assert.ok(acks.time_to_first_ack_seconds !== null && acks.time_to_first_ack_seconds >= 0);

    // contact cards: alice publishes her org's, bob finds it
    await aliceFeedback.publishContactCard(sideA.collection.apiRootUrl, 'org-a', [
      { topic: 'election-integrity', email: 'desk@civic.example' },
    ]);
    const card = await new FeedbackClient(bob).contactCard(sideA.collection.apiRootUrl, 'org-a');
    assert.deepEqual(
      card.contacts.map((c) => c.topic),
      ['election-integrity'],
    );
    await assert.rejects(
      new FeedbackClient(bob).publishContactCard(sideA.collection.apiRootUrl, 'org-a', [
        { topic: 'press', email: 'x@y.example' },
      ]),
      (e: unknown) => isLockstepError(e) && e.code === 'ERR_TAXII_FORBIDDEN',
    );
  });
});
