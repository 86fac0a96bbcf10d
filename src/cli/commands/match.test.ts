/** `lockstep keyify` and `lockstep match` in-process, on the ingest fixtures. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-helpers/run-cli.js';
import { fixture } from '../../ingest/test-helpers.js';
import { equalityPattern } from '../../stix/pattern.js';

interface Bundle {
  objects: Record<string, unknown>[];
}

describe('lockstep keyify / match', () => {
  let dir: string;
  const T = '2026-03-01T00:00:00.000Z';
  const ind = (id: string, user: string) => ({
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: T,
    modified: T,
    pattern: equalityPattern('user-account', [
      ['user_id', user],
      ['account_type', 'twitter'],
    ]),
    pattern_type: 'stix',
    valid_from: T,
  });
  const key = randomBytes(32).toString('hex');
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-match-'));
    await writeFile(
      join(dir, 'partner.json'),
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
        objects: [
          ind('indicator--11111111-2222-4333-8444-555555555555', '906000000000000001'),
          ind('indicator--66666666-7777-4888-8999-000000000000', '42'),
        ],
      }),
    );
    await writeFile(join(dir, 'group.key'), `${key}\n`);
    await writeFile(join(dir, 'other.key'), randomBytes(32).toString('base64'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('matches plain indicators against an IRA file and writes sightings', async () => {
    const r = await cli(['match', join(dir, 'partner.json'), fixture('ira.csv'), '--org', 'Civic Watch']);
    assert.equal(r.code, 0, r.err);
    const b = JSON.parse(r.out) as Bundle;
    const s = b.objects.filter((o) => o.type === 'sighting');
    assert.equal(s.length, 1);
    assert.equal(s[0]!.sighting_of_ref, 'indicator--11111111-2222-4333-8444-555555555555');
    assert.match(r.err, /1 sightings \(1 plain, 0 keyed\)/);
  });

  it('keyify then match with the group key finds the same account; another key finds none', async () => {
    const keyed = join(dir, 'keyed.json');
    const k = await cli([
      'keyify',
      join(dir, 'partner.json'),
      '--key-file',
      join(dir, 'group.key'),
      '--out',
      keyed,
    ]);
    assert.equal(k.code, 0, k.err);
    const text = await readFile(keyed, 'utf8');
    assert.doesNotMatch(text, /906000000000000001/);
    assert.ok(!text.includes(key) && !k.err.includes(key), 'the key is never written');
    const hit = await cli([
      'match',
      keyed,
      fixture('ira.csv'),
      '--org',
      'Civic Watch',
      '--key-file',
      join(dir, 'group.key'),
    ]);
    assert.equal(hit.code, 0, hit.err);
    assert.equal((JSON.parse(hit.out) as Bundle).objects.filter((o) => o.type === 'sighting').length, 1);
    const miss = await cli([
      'match',
      keyed,
      fixture('ira.csv'),
      '--org',
      'Civic Watch',
      '--key-file',
      join(dir, 'other.key'),
    ]);
    assert.equal(miss.code, 0, miss.err);
    assert.equal((JSON.parse(miss.out) as Bundle).objects.length, 0);
    assert.match(miss.err, /2 keyed with another group key/);
    const noKey = await cli(['match', keyed, fixture('ira.csv'), '--org', 'Civic Watch']);
    assert.equal(noKey.code, 78);
    assert.match(noKey.err, /ERR_MATCH_KEY/);
  });

  it('rejects input that is not a bundle', async () => {
    await writeFile(join(dir, 'bad.json'), '{"hello": 1}');
    const r = await cli(['match', join(dir, 'bad.json'), fixture('ira.csv'), '--org', 'X']);
    assert.equal(r.code, 65);
    assert.match(r.err, /ERR_MATCH_INPUT.*bad\.json/);
  });
});
