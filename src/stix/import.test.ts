import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importBundle } from './import.js';
import { toStixBundle } from './map.js';
import { detectionResult, network } from './test-helpers/factories.js';
import { isLockstepError } from '../core/errors.js';
import { TLP2_IDS } from './tlp.js';
import { missingShared, sharedPath } from '../test-helpers/shared-dir.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function bundleOf(objects: unknown[]): string {
  return JSON.stringify({ type: 'bundle', id: 'bundle--0f4c2a9e-8d1b-4c3e-9f5a-6b7c8d9e0a1b', objects });
}

describe('importBundle', () => {
  it('imports a MISP STIX 2.1 event, keeping x_misp_* properties and custom x-misp objects', () => {
    const r = importBundle(fixture('misp-event.json'));
    assert.equal(r.source, 'misp');
    assert.deepEqual(r.rejected, []);
    assert.equal(r.objects.length, 8);
    const custom = r.objects.find((o) => o.type === 'x-misp-attribute');
    assert.equal(custom?.x_misp_comment, 'Copypasta seen in 140 replies');
    const report = r.objects.find((o) => o.type === 'report')!;
    assert.equal(r.tlp.get(report.id), 'clear', 'TLP 1.0 WHITE reads as CLEAR');
    assert.deepEqual(r.warnings, []);
  });

  it('imports an OpenCTI export, keeping its extension and x_opencti_* properties and its AMBER+STRICT marking', () => {
    const r = importBundle(fixture('opencti-export.json'));
    assert.equal(r.source, 'opencti');
    assert.deepEqual(r.rejected, []);
    const is = r.objects.find((o) => o.type === 'intrusion-set')!;
    const ext = is.extensions as Record<string, { type?: string }>;
    assert.equal(ext['extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba']?.type, 'Intrusion-Set');
    assert.equal(r.tlp.get(is.id), 'amber+strict');
    const ind = r.objects.find((o) => o.type === 'indicator')!;
    assert.equal(ind.x_opencti_score, 60);
    assert.equal(r.tlp.get(ind.id), 'green');
  });

  it('imports a bundle in the shape of the STIX 2.1 specification examples (sighting, observed-data, granular marking)', () => {
    const r = importBundle(fixture('oasis-shaped.json'));
    assert.equal(r.source, 'stix');
    assert.deepEqual(r.rejected, []);
    assert.equal(r.objects.length, 11);
    assert.deepEqual(r.warnings, []);
    // WHITE on the object, GREEN on its description: the object as a whole is GREEN.
    assert.equal(r.tlp.get('campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c'), 'green');
    assert.equal(r.tlp.get('threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f'), undefined);
  });

  it('rejects spec-shaped objects whose references point to the wrong types', () => {
    const doc = JSON.parse(fixture('oasis-shaped.json')) as { objects: Record<string, unknown>[] };
    const sighting = doc.objects.find((o) => o.type === 'sighting')!;
    sighting.where_sighted_refs = ['campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c'];
    const domain = doc.objects.find((o) => o.type === 'domain-name')!;
    domain.resolves_to_refs = ['identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65'];
    const r = importBundle(doc);
    assert.deepEqual(r.rejected.map((x) => x.type).sort(), ['domain-name', 'sighting']);
    assert.match(
      r.rejected.find((x) => x.type === 'sighting')!.reasons.join(),
      /must point to identity or location/,
    );
  });

  it('round-trips a Lockstep export', () => {
    const b = toStixBundle(detectionResult([network('N1', ['1', '2', '3'])]), { tlp: 'red' });
    const r = importBundle(JSON.stringify(b));
    assert.equal(r.source, 'lockstep');
    assert.deepEqual(r.rejected, []);
    assert.equal(r.objects.length, b.objects.length);
    for (const o of r.objects) if (o.type !== 'marking-definition') assert.equal(r.tlp.get(o.id), 'red');
    assert.ok(r.objects.some((o) => o.id === TLP2_IDS.red));
  });

  it('rejects invalid objects one by one with reasons and keeps the rest', () => {
    const good = {
      type: 'campaign',
      spec_version: '2.1',
      id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2016-04-06T20:03:00.000Z',
      modified: '2016-04-06T20:03:00.000Z',
      name: 'ok',
    };
    const objects = [
      good,
      { ...good, id: 'campaign--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', name: undefined },
      { ...good, id: 'campaign--2e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', modified: '2015-01-01T00:00:00.000Z' },
      {
        ...good,
        id: 'campaign--3e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        created_by_ref: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      },
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: 'marking-definition--4e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        created: '2022-10-01T00:00:00.000Z',
        name: 'TLP:RED',
        extensions: {
          'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
            extension_type: 'property-extension',
            tlp_2_0: 'red',
          },
        },
      },
      { ...good, id: 'not-an-id' },
      good,
    ];
    const r = importBundle(bundleOf(objects));
    assert.deepEqual(
      r.objects.map((o) => o.id),
      [good.id],
    );
    assert.deepEqual(
      r.rejected.map((x) => x.index),
      [1, 2, 3, 4, 5, 6],
    );
    const reasons = r.rejected.map((x) => x.reasons.join(' | '));
    assert.match(reasons[0]!, /required property 'name'/);
    assert.match(reasons[1]!, /modified: .* at or after created/);
    assert.match(reasons[2]!, /created_by_ref: points to a campaign/);
    assert.match(reasons[3]!, /not the official id for TLP:RED/);
    assert.match(reasons[4]!, /^id: /);
    assert.match(reasons[5]!, /duplicate/);
  });

  it('warns about references to objects the bundle does not carry, except official TLP ids', () => {
    const r = importBundle(
      bundleOf([
        {
          type: 'campaign',
          spec_version: '2.1',
          id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          created: '2016-04-06T20:03:00.000Z',
          modified: '2016-04-06T20:03:00.000Z',
          name: 'x',
          created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
          object_marking_refs: [TLP2_IDS.green],
        },
      ]),
    );
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /identity--f431f809/);
    assert.equal(r.tlp.get('campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'), 'green');
  });

  it('refuses documents that are not STIX 2.1 bundles', () => {
    const bad = [
      '{not json',
      '[]',
      JSON.stringify({ type: 'report' }),
      JSON.stringify({ type: 'bundle', id: 'bundle--x', objects: [] }),
    ];
    bad.push(
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--0f4c2a9e-8d1b-4c3e-9f5a-6b7c8d9e0a1b',
        spec_version: '2.0',
        objects: [],
      }),
    );
    bad.push(
      JSON.stringify({ type: 'bundle', id: 'bundle--0f4c2a9e-8d1b-4c3e-9f5a-6b7c8d9e0a1b', objects: {} }),
    );
    for (const doc of bad) {
      assert.throws(
        () => importBundle(doc),
        (e: unknown) => isLockstepError(e) && e.code === 'ERR_STIX_BAD_BUNDLE',
        doc,
      );
    }
  });

  const examples = sharedPath('stix2-json-schemas', 'examples', 'threat-reports');
  it(
    'imports the OASIS threat-report examples without rejections (when present)',
    { skip: missingShared(examples) },
    () => {
      for (const f of readdirSync(examples)) {
        const r = importBundle(readFileSync(join(examples, f), 'utf8'));
        assert.deepEqual(r.rejected, [], f);
        assert.ok(r.objects.length > 50, f);
      }
    },
  );
});
