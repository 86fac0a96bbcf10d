import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  OPENCTI_AMBER_STRICT_ID,
  TLP1_IDS,
  TLP2_IDS,
  TLP2_MARKINGS,
  mostRestrictive,
  parseTlp,
  tlpAllows,
  tlpOf,
  tlpOfMarkingId,
} from './tlp.js';

describe('TLP', () => {
  it('maps official TLP 2.0, TLP 1.0 and OpenCTI ids to levels', () => {
    assert.equal(tlpOfMarkingId(TLP2_IDS.clear), 'clear');
    assert.equal(tlpOfMarkingId(TLP2_IDS['amber+strict']), 'amber+strict');
    assert.equal(tlpOfMarkingId(TLP1_IDS.white), 'clear');
    assert.equal(tlpOfMarkingId(TLP1_IDS.red), 'red');
    assert.equal(tlpOfMarkingId(OPENCTI_AMBER_STRICT_ID), 'amber+strict');
    assert.equal(tlpOfMarkingId('marking-definition--00000000-0000-4000-8000-000000000000'), undefined);
  });

  it('names every marking object after its level with the published id', () => {
    for (const [level, md] of Object.entries(TLP2_MARKINGS)) {
      assert.equal(md.id, TLP2_IDS[level as keyof typeof TLP2_IDS]);
      assert.equal(md.name, `TLP:${level.toUpperCase()}`);
    }
  });

  it('takes the most restrictive of several markings, granular ones included', () => {
    const obj = {
      object_marking_refs: [TLP2_IDS.green, TLP1_IDS.amber],
      granular_markings: [{ marking_ref: TLP2_IDS.red, selectors: ['description'] }],
    };
    assert.equal(tlpOf(obj), 'red');
    assert.equal(tlpOf({ object_marking_refs: [TLP2_IDS.green, TLP1_IDS.amber] }), 'amber');
    assert.equal(tlpOf({}), undefined);
    assert.equal(mostRestrictive(['clear', 'amber+strict', 'amber']), 'amber+strict');
  });

  it('never trusts a look-alike marking definition with an unofficial id', () => {
    const fakeId = 'marking-definition--1d2c3b4a-0000-4000-8000-000000000001';
    const fake = { ...TLP2_MARKINGS.clear, id: fakeId };
    assert.equal(tlpOf({ object_marking_refs: [fakeId] }, [fake]), undefined);
    assert.equal(tlpOf({ object_marking_refs: [fakeId, TLP2_IDS.amber] }, [fake]), 'amber');
  });

  it('reads upper-case official marking ids (TLP 1.0 and 2.0, object and granular) as their level', () => {
    const up = (id: string) => id.toUpperCase().replace('MARKING-DEFINITION--', 'marking-definition--');
    for (const [level, id] of Object.entries(TLP2_IDS)) {
      assert.equal(tlpOfMarkingId(up(id)), level);
      assert.equal(tlpOf({ object_marking_refs: [up(id)] }), level);
      assert.equal(tlpOf({ granular_markings: [{ marking_ref: up(id), selectors: ['name'] }] }), level);
    }
    assert.equal(tlpOf({ object_marking_refs: [up(TLP1_IDS.red)] }), 'red');
    assert.equal(tlpOf({ object_marking_refs: [up(TLP1_IDS.white)] }), 'clear');
    assert.equal(tlpOf({ object_marking_refs: [TLP2_IDS.green, up(TLP2_IDS.red)] }), 'red');
    // A marking definition carried in the envelope under an upper-case official id still counts.
    const md = { ...TLP2_MARKINGS.red, id: up(TLP2_IDS.red) };
    assert.equal(tlpOf({ object_marking_refs: [TLP2_IDS.red.toUpperCase()] }, [md]), 'red');
  });

  it('parses CLI spellings and orders levels for sharing decisions', () => {
    assert.equal(parseTlp('TLP:AMBER+STRICT'), 'amber+strict');
    assert.equal(parseTlp('white'), 'clear');
    assert.equal(parseTlp('purple'), undefined);
    assert.ok(tlpAllows('amber', 'green'));
    assert.ok(tlpAllows('amber', 'amber'));
    assert.ok(!tlpAllows('amber', 'amber+strict'));
    assert.ok(!tlpAllows('clear', 'green'));
  });
});
