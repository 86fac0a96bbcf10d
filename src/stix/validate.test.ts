import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidObject, validateObject, validateObjects } from './validate.js';
import { TLP1_IDS, TLP2_IDS, TLP2_MARKINGS, TLP_LEVELS } from './tlp.js';
import { isLockstepError } from '../core/errors.js';
import { missingShared, sharedPath } from '../test-helpers/shared-dir.js';

const IDENTITY = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';

function campaign(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'campaign',
    spec_version: '2.1',
    id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created_by_ref: IDENTITY,
    created: '2016-04-06T20:03:00.000Z',
    modified: '2016-04-06T20:03:00.000Z',
    name: 'Green Group Attacks Against Finance',
    ...over,
  };
}

function hasError(r: { errors: string[] }, re: RegExp): boolean {
  return r.errors.some((e) => re.test(e));
}

describe('validateObject', () => {
  it('accepts a spec-shaped campaign, indicator, relationship and SCOs', () => {
    const objs = [
      campaign(),
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        created: '2016-04-06T20:03:48.000Z',
        modified: '2016-04-06T20:03:48.000Z',
        indicator_types: ['malicious-activity'],
        pattern:
          "[file:hashes.'SHA-256' = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c']",
        pattern_type: 'stix',
        valid_from: '2016-01-01T00:00:00Z',
      },
      {
        type: 'relationship',
        spec_version: '2.1',
        id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
        created: '2016-04-06T20:06:37.000Z',
        modified: '2016-04-06T20:06:37.000Z',
        relationship_type: 'indicates',
        source_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        target_ref: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      },
      {
        type: 'url',
        spec_version: '2.1',
        id: 'url--c1477287-23ac-5971-a010-5c287877fa60',
        value: 'https://example.com/research/index.html',
      },
      {
        type: 'domain-name',
        spec_version: '2.1',
        id: 'domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5',
        value: 'example.com',
      },
      {
        type: 'user-account',
        spec_version: '2.1',
        id: 'user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c',
        user_id: '1001',
        account_login: 'jdoe',
        account_type: 'twitter',
      },
      ...TLP_LEVELS.map((l) => TLP2_MARKINGS[l]),
    ];
    for (const r of validateObjects(objs))
      assert.deepEqual(r.errors, [], `${r.type ?? '?'}: ${r.errors.join('; ')}`);
  });

  it('rejects a missing required property with its name', () => {
    const c = campaign();
    delete c.name;
    const r = validateObject(c);
    assert.equal(r.ok, false);
    assert.ok(hasError(r, /required property 'name'/), r.errors.join('; '));
  });

  it('rejects a bad id and an id whose prefix is another type', () => {
    const bad = validateObject(campaign({ id: 'campaign--not-a-uuid' }));
    assert.ok(hasError(bad, /^id: .*type--UUID/), bad.errors.join('; '));
    const wrong = validateObject(campaign({ id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }));
    assert.ok(hasError(wrong, /prefix "indicator" does not match type "campaign"/), wrong.errors.join('; '));
  });

  it('rejects modified before created, but accepts equal times', () => {
    const r = validateObject(campaign({ modified: '2016-04-06T20:02:59.999Z' }));
    assert.ok(hasError(r, /^modified: .* at or after created/), r.errors.join('; '));
    assert.ok(validateObject(campaign()).ok);
  });

  it('rejects timestamps without Z and impossible dates', () => {
    const offset = validateObject(campaign({ first_seen: '2016-04-06T20:03:00+02:00' }));
    assert.ok(hasError(offset, /first_seen: .*ending in Z/), offset.errors.join('; '));
    const feb30 = validateObject(campaign({ first_seen: '2016-02-30T20:03:00Z' }));
    assert.ok(hasError(feb30, /not a real date/), feb30.errors.join('; '));
  });

  it('rejects references to the wrong object type', () => {
    const r = validateObject(campaign({ created_by_ref: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }));
    assert.ok(
      hasError(r, /created_by_ref: points to a campaign, must point to identity/),
      r.errors.join('; '),
    );
    const m = validateObject(campaign({ object_marking_refs: [IDENTITY] }));
    assert.ok(
      hasError(m, /object_marking_refs\[0\]: points to a identity, must point to marking-definition/),
    );
    const rel = validateObject({
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
      created: '2016-04-06T20:06:37.000Z',
      modified: '2016-04-06T20:06:37.000Z',
      relationship_type: 'indicates',
      source_ref: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      target_ref: TLP2_IDS.red,
    });
    assert.ok(
      hasError(rel, /target_ref: points to a marking-definition, must point to an SDO or SCO/),
      rel.errors.join('; '),
    );
    assert.ok(
      hasError(rel, /source_ref: a "indicates" relationship cannot start at a campaign/),
      rel.errors.join('; '),
    );
  });

  it('checks that granular-marking selectors select something', () => {
    const marked = (selectors: string[]): Record<string, unknown> =>
      campaign({
        description: 'd',
        aliases: ['a', 'b'],
        granular_markings: [{ marking_ref: TLP2_IDS.red, selectors }],
      });
    assert.deepEqual(validateObject(marked(['description', 'aliases.[1]'])).errors, []);
    const r = validateObject(marked(['aliases.[2]', 'objective']));
    assert.ok(hasError(r, /"aliases\.\[2\]" does not select anything/), r.errors.join('; '));
    assert.ok(hasError(r, /"objective" does not select anything/), r.errors.join('; '));
  });

  it('rejects empty lists, also in custom properties, with one readable line', () => {
    const r = validateObject(campaign({ x_example_tags: [] }));
    assert.equal(r.errors.length, 1, r.errors.join('; '));
    assert.match(r.errors[0]!, /^x_example_tags: must NOT have fewer than 1 items/);
    assert.equal(validateObject(campaign({ aliases: [] })).ok, false);
  });

  it('rejects an indicator whose STIX pattern does not parse', () => {
    const indicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2016-04-06T20:03:48.000Z',
      modified: '2016-04-06T20:03:48.000Z',
      pattern: "[url:value = 'https://example.com/'",
      pattern_type: 'stix',
      valid_from: '2016-01-01T00:00:00Z',
    };
    const r = validateObject(indicator);
    assert.ok(hasError(r, /^pattern: expected "\]"/), r.errors.join('; '));
    // Other pattern languages are not parsed.
    assert.ok(validateObject({ ...indicator, pattern_type: 'sigma', pattern: 'title: x' }).ok);
  });

  it('rejects a TLP marking definition with an unofficial id', () => {
    const fake = { ...TLP2_MARKINGS.red, id: 'marking-definition--1d2c3b4a-0000-4000-8000-000000000001' };
    const r = validateObject(fake);
    assert.ok(hasError(r, /not the official id for TLP:RED/), r.errors.join('; '));
    const swapped = { ...TLP2_MARKINGS.red, id: TLP2_IDS.green };
    assert.equal(validateObject(swapped).ok, false);
  });

  it('accepts the TLP 1.0 marking definitions of the spec', () => {
    const r = validateObject({
      type: 'marking-definition',
      spec_version: '2.1',
      id: TLP1_IDS.green,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:GREEN',
      definition: { tlp: 'green' },
    });
    assert.deepEqual(r.errors, []);
  });

  it('gives custom x- types the common-properties check only, and rejects unknown plain types', () => {
    const custom = {
      type: 'x-misp-attribute',
      spec_version: '2.1',
      id: 'x-misp-attribute--5d1c8f0e-5b3c-4a7e-9b6a-0c4e2f1a3b5c',
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-01T00:00:00.000Z',
      x_misp_value: 'anything',
    };
    assert.deepEqual(validateObject(custom).errors, []);
    // Custom types may use `date`/`start` for non-timestamps; created/modified are still checked.
    assert.deepEqual(validateObject({ ...custom, date: 'last Tuesday', start: 3 }).errors, []);
    assert.equal(validateObject({ ...custom, modified: '2019-01-01T00:00:00.000Z' }).ok, false);
    const missing = { ...custom, created: undefined };
    delete missing.created;
    assert.equal(validateObject({ ...custom, id: 'x-misp-attribute--bad' }).ok, false);
    const unknown = validateObject({
      ...custom,
      type: 'widget',
      id: 'widget--5d1c8f0e-5b3c-4a7e-9b6a-0c4e2f1a3b5c',
    });
    assert.ok(hasError(unknown, /"widget" is not a STIX 2.1 type/), unknown.errors.join('; '));
  });

  it('rejects non-objects, bundles and STIX 2.0 objects', () => {
    assert.equal(validateObject(null).ok, false);
    assert.equal(validateObject([]).ok, false);
    assert.equal(
      validateObject({ type: 'bundle', id: 'bundle--5d1c8f0e-5b3c-4a7e-9b6a-0c4e2f1a3b5c', objects: [] }).ok,
      false,
    );
    assert.equal(validateObject(campaign({ spec_version: '2.0' })).ok, false);
  });

  it('assertValidObject throws ERR_STIX_INVALID with every reason', () => {
    try {
      assertValidObject(campaign({ modified: '2000-01-01T00:00:00.000Z', created_by_ref: TLP2_IDS.red }));
      assert.fail('should throw');
    } catch (e) {
      assert.ok(isLockstepError(e));
      assert.equal(e.code, 'ERR_STIX_INVALID');
      assert.equal((e.details.errors as string[]).length, 2);
    }
  });

  const examples = sharedPath('stix2-json-schemas', 'examples');
  it(
    'accepts every object of the OASIS examples (when the shared copy is present)',
    { skip: missingShared(examples) },
    () => {
      const files: string[] = [];
      const walk = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(d, e.name));
          else if (e.name.endsWith('.json')) files.push(join(d, e.name));
        }
      };
      walk(examples);
      let count = 0;
      for (const f of files) {
        const doc = JSON.parse(readFileSync(f, 'utf8')) as { type: string; objects?: unknown[] };
        for (const r of validateObjects(doc.type === 'bundle' ? (doc.objects ?? []) : [doc])) {
          count++;
          assert.deepEqual(r.errors, [], `${f} ${r.id ?? '?'}`);
        }
      }
      assert.ok(count > 50);
    },
  );
});
