import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-helpers/run-cli.js';
import { TLP2_IDS, lockstepId, tlpOf, validateObjects } from '../../stix/index.js';
import type { StixBundle } from '../../stix/index.js';

describe('lockstep watch --stix', () => {
  it('marks every object with the TLP and names the producer identity, as export does (issue #10 defect 9)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-watch-'));
    try {
      await writeFile(join(dir, 'protect.txt'), 'facebook.com\n');
      await writeFile(join(dir, 'feed.txt'), 'faceb00k.com\nexample.org\n');
      const run = async (extra: string[]) => {
        const out = join(dir, `b${extra.length}.json`);
        const r = await cli([
          'watch',
          join(dir, 'feed.txt'),
          '--protect',
          join(dir, 'protect.txt'),
          '--stix',
          out,
          ...extra,
        ]);
        assert.equal(r.code, 0, r.err);
        return JSON.parse(await readFile(out, 'utf8')) as StixBundle;
      };
      for (const [extra, level, producer] of [
        [[], 'amber', 'Lockstep'],
        [['--tlp', 'green', '--producer', 'Civic Watch'], 'green', 'Civic Watch'],
      ] as const) {
        const bundle = await run([...extra]);
        assert.deepEqual(
          validateObjects(bundle.objects).filter((r) => !r.ok),
          [],
        );
        const identityId = lockstepId('identity', [producer]);
        const identity = bundle.objects.find((o) => o.type === 'identity');
        assert.equal(identity?.id, identityId);
        assert.ok(bundle.objects.some((o) => o.id === TLP2_IDS[level]));
        const findings = bundle.objects.filter((o) => o.type === 'indicator' || o.type === 'domain-name');
        assert.ok(findings.some((o) => o.type === 'indicator'));
        for (const o of findings) {
          assert.equal(tlpOf(o), level, o.id);
          if (o.type === 'indicator') assert.equal(o.created_by_ref, identityId);
        }
      }
      const bad = await cli([
        'watch',
        join(dir, 'feed.txt'),
        '--protect',
        join(dir, 'protect.txt'),
        '--tlp',
        'purple',
      ]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.err, /--tlp "purple"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
