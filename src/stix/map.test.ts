import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toStixBundle } from './map.js';
import { validateObjects } from './validate.js';
import { TLP2_IDS, tlpOf } from './tlp.js';
import { detectionResult, network } from './test-helpers/factories.js';
import type { StixBundle, StixObject } from './types.js';
import { DISARM_BY_BEHAVIOUR } from './disarm.js';
import { BEHAVIOURS } from '../core/behaviour.js';

function ofType(b: StixBundle, type: string): StixObject[] {
  return b.objects.filter((o) => o.type === type);
}

function byId(b: StixBundle, id: string): StixObject {
  const o = b.objects.find((x) => x.id === id);
  assert.ok(o, `missing ${id}`);
  return o;
}

const N1 = network('N1', ['101', '102', '103', '104']);
const N2 = network('N2', ['201', '202', '203'], { behaviours: ['co-hashtag'], topObjects: [] });

describe('toStixBundle', () => {
  it('writes a bundle whose every object validates against the OASIS schemas and spec rules', () => {
    const b = toStixBundle(detectionResult([N1, N2]), { producer: 'Example CERT', tlp: 'green' });
    const bad = validateObjects(b.objects).filter((r) => !r.ok);
    assert.deepEqual(bad, []);
    assert.equal(b.type, 'bundle');
    assert.equal(ofType(b, 'campaign').length, 2);
    assert.equal(ofType(b, 'note').length, 2);
    assert.equal(ofType(b, 'user-account').length, 7);
    assert.equal(ofType(b, 'url').length, 1);
    assert.equal(ofType(b, 'identity').length, 1);
    assert.equal(ofType(b, 'identity')[0]!.name, 'Example CERT');
    const [report] = ofType(b, 'report');
    assert.ok(report);
    const refs = new Set(report.object_refs as string[]);
    for (const o of b.objects)
      if (o.id !== report.id && o.type !== 'marking-definition') assert.ok(refs.has(o.id), o.id);
    for (const r of refs)
      assert.ok(
        b.objects.some((o) => o.id === r),
        `dangling ${r}`,
      );
  });

  it('writes a matched fact check as a valid note with the review URL, linked to the campaign and URL indicator', () => {
    const ref = {
      url: 'https://checks.example.org/2024/hot-water-flu',
      publisher: 'Example Checkers',
      rating: 'False',
      verdict: 'false' as const,
      claim: 'Drinking hot water cures the flu',
      score: 0.93,
      why: 'words: flu, water',
    };
    const withLink = N1.topObjects.find((o) => o.behaviour === 'co-link');
    assert.ok(withLink, 'the factory network shares a URL');
    const net = {
      ...N1,
      topObjects: N1.topObjects.map((o) => (o === withLink ? { ...o, factChecks: [ref] } : o)),
      factChecks: [ref],
    };
    const b = toStixBundle(detectionResult([net, N2]), { producer: 'Example CERT', tlp: 'green' });
    assert.deepEqual(
      validateObjects(b.objects).filter((r) => !r.ok),
      [],
    );
    const notes = ofType(b, 'note').filter((n) => String(n.abstract).startsWith('Fact check'));
    assert.equal(notes.length, 1);
    const note = notes[0]!;
    assert.equal(note.abstract, 'Fact check by Example Checkers: False');
    assert.deepEqual(note.external_references, [
      { source_name: 'Example Checkers', url: ref.url, description: 'ClaimReview: False' },
    ]);
    const campaign = ofType(b, 'campaign').find((c) => c.description === N1.summary)!;
    const urlIndicator = ofType(b, 'indicator').find((i) => String(i.pattern).startsWith('[url:value'))!;
    assert.deepEqual(note.object_refs, [campaign.id, urlIndicator.id]);
    assert.equal(note.x_lockstep_fact_check_verdict, 'false');
  });

  it('marks every object with the official TLP 2.0 marking and ships its definition', () => {
    const b = toStixBundle(detectionResult([N1]), { tlp: 'amber+strict' });
    const mds = ofType(b, 'marking-definition');
    assert.deepEqual(
      mds.map((m) => m.id),
      [TLP2_IDS['amber+strict']],
    );
    for (const o of b.objects)
      if (o.type !== 'marking-definition') assert.equal(tlpOf(o, mds), 'amber+strict', o.id);
  });

  it('writes account indicators with STIX patterns and escapes quotes', () => {
    const b = toStixBundle(detectionResult([network('N1', ["o'brien", 'back\\slash'])]), {
      accountType: 'twitter',
    });
    const patterns = ofType(b, 'indicator').map((i) => i.pattern as string);
    assert.ok(
      patterns.includes("[user-account:user_id = 'o\\'brien' AND user-account:account_type = 'twitter']"),
      patterns.join('\n'),
    );
    assert.ok(
      patterns.includes("[user-account:user_id = 'back\\\\slash' AND user-account:account_type = 'twitter']"),
    );
    assert.ok(patterns.includes("[url:value = 'https://news.example.com/story?id=1']"));
  });

  it('maps each behaviour to DISARM attack patterns used by the campaign', () => {
    const b = toStixBundle(detectionResult([N1, N2]));
    const campaign = ofType(b, 'campaign').find((c) =>
      (c.x_lockstep_behaviours as string[]).includes('co-hashtag'),
    )!;
    const used = ofType(b, 'relationship')
      .filter((r) => r.relationship_type === 'uses' && r.source_ref === campaign.id)
      .map((r) => byId(b, r.target_ref as string))
      .map((ap) => (ap.external_references as { source_name: string; external_id: string }[])[0]!);
    assert.deepEqual(used, [
      {
        source_name: 'DISARM',
        external_id: 'T0049.002',
        url: 'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T0049.002.md',
      },
    ]);
    for (const beh of BEHAVIOURS) {
      for (const t of DISARM_BY_BEHAVIOUR[beh]) assert.match(t.id, /^T\d{4}(\.\d{3})?$/);
    }
  });

  it('is deterministic: the same result gives a byte-identical bundle', () => {
    const a = JSON.stringify(toStixBundle(detectionResult([N1, N2])));
    const b = JSON.stringify(
      toStixBundle(detectionResult([network('N1', ['101', '102', '103', '104']), N2])),
    );
    assert.equal(a, b);
    const otherProducer = JSON.stringify(toStixBundle(detectionResult([N1, N2]), { producer: 'Other' }));
    assert.notEqual(a, otherProducer);
  });

  it('re-export after a change keeps ids, bumps modified, and reuses unchanged objects byte for byte', () => {
    const first = toStixBundle(detectionResult([N1, N2]));
    const grown = network('N1', ['101', '102', '103', '104', '105'], { score: 50 });
    const second = toStixBundle(detectionResult([grown, N2], { finishedAt: '2024-03-08T10:05:00.000Z' }), {
      previous: first.objects,
    });
    assert.deepEqual(
      validateObjects(second.objects).filter((r) => !r.ok),
      [],
    );
    const c1 = ofType(first, 'campaign').find((c) => c.x_lockstep_members === 4)!;
    const c2 = ofType(second, 'campaign').find((c) => c.x_lockstep_members === 5)!;
    assert.equal(c2.id, c1.id);
    assert.equal(c2.created, c1.created);
    assert.ok(c2.modified! > c1.modified!);
    const other1 = ofType(first, 'campaign').find((c) => c.x_lockstep_members === 3)!;
    const other2 = byId(second, other1.id);
    assert.equal(JSON.stringify(other2), JSON.stringify(other1));
    const r1 = ofType(first, 'report')[0]!;
    const r2 = ofType(second, 'report')[0]!;
    assert.equal(r2.id, r1.id);
    assert.ok(r2.modified! > r1.modified!);
    assert.notEqual(second.id, first.id);
  });

  it('revokes a network that is gone, with its indicators and relationships, and not the reference objects', () => {
    const first = toStixBundle(detectionResult([N1, N2]));
    const second = toStixBundle(detectionResult([N1], { finishedAt: '2024-03-08T10:05:00.000Z' }), {
      previous: first.objects,
    });
    assert.deepEqual(
      validateObjects(second.objects).filter((r) => !r.ok),
      [],
    );
    const gone = ofType(first, 'campaign').find((c) => c.x_lockstep_members === 3)!;
    const revoked = byId(second, gone.id);
    assert.equal(revoked.revoked, true);
    assert.equal(revoked.created, gone.created);
    assert.ok(revoked.modified! > gone.modified!);
    const revokedIndicators = ofType(second, 'indicator').filter((i) => i.revoked === true);
    assert.equal(revokedIndicators.length, 3);
    assert.ok(ofType(second, 'relationship').some((r) => r.revoked === true && r.target_ref === gone.id));
    assert.ok(ofType(second, 'attack-pattern').every((a) => a.revoked === undefined));
    assert.ok(!ofType(second, 'campaign').some((c) => c.id === gone.id && c.revoked !== true));
  });

  it('gives a finding that returns after a retraction a successor id', () => {
    const first = toStixBundle(detectionResult([N1, N2]));
    const second = toStixBundle(detectionResult([N1], { finishedAt: '2024-03-08T10:05:00.000Z' }), {
      previous: first.objects,
    });
    const third = toStixBundle(detectionResult([N1, N2], { finishedAt: '2024-03-15T10:05:00.000Z' }), {
      previous: [...first.objects, ...second.objects],
    });
    assert.deepEqual(
      validateObjects(third.objects).filter((r) => !r.ok),
      [],
    );
    const old = ofType(first, 'campaign').find((c) => c.x_lockstep_members === 3)!;
    const back = ofType(third, 'campaign').find((c) => c.x_lockstep_members === 3 && c.revoked !== true)!;
    assert.notEqual(back.id, old.id);
    const rels = ofType(third, 'relationship').filter(
      (r) => r.target_ref === back.id && r.relationship_type === 'indicates',
    );
    assert.equal(rels.length, 3);
    for (const r of rels) assert.notEqual(byId(third, r.source_ref as string).revoked, true);
  });

  it('rejects a result whose finishedAt is not a timestamp', () => {
    assert.throws(() => toStixBundle(detectionResult([N1], { finishedAt: 'yesterday' })), /finishedAt/);
  });
});
