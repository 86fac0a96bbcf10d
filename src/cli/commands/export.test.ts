import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../main.js';
import { writeDetectionOutput } from '../../report/index.js';
import { detectionResult, network } from '../../stix/test-helpers/factories.js';
import { validateObjects, type StixBundle } from '../../stix/index.js';

async function withDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-export-'));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('lockstep export --stix', () => {
  it('writes a valid, deterministic bundle from a detect output folder', async () => {
    await withDir(async (dir) => {
      const out = join(dir, 'out');
      await writeDetectionOutput(detectionResult([network('N1', ['11', '12', '13'])]), out);
      const a = join(dir, 'a.json');
      const b = join(dir, 'b.json');
      assert.equal(
        await run(['export', '--stix', out, '--tlp', 'green', '--producer', 'Example CERT', '--out', a]),
        0,
      );
      assert.equal(
        await run(['export', '--stix', out, '--tlp', 'green', '--producer', 'Example CERT', '--out', b]),
        0,
      );
      const text = await readFile(a, 'utf8');
      assert.equal(text, await readFile(b, 'utf8'));
      const bundle = JSON.parse(text) as StixBundle;
      assert.deepEqual(
        validateObjects(bundle.objects).filter((r) => !r.ok),
        [],
      );
      assert.ok(bundle.objects.some((o) => o.type === 'identity' && o.name === 'Example CERT'));
      assert.equal(bundle.objects.filter((o) => o.type === 'user-account').length, 3);
    });
  });

  it('versions against --previous: same ids, newer modified, revoked when gone', async () => {
    await withDir(async (dir) => {
      const out1 = join(dir, 'out1');
      const out2 = join(dir, 'out2');
      await writeDetectionOutput(
        detectionResult([network('N1', ['11', '12', '13']), network('N2', ['21', '22'])]),
        out1,
      );
      await writeDetectionOutput(
        detectionResult([network('N1', ['11', '12', '13', '14'])], {
          finishedAt: '2024-04-01T00:00:00.000Z',
        }),
        out2,
      );
      const first = join(dir, 'first.json');
      const second = join(dir, 'second.json');
      assert.equal(await run(['export', '--stix', out1, '--out', first]), 0);
      assert.equal(await run(['export', '--stix', out2, '--previous', first, '--out', second]), 0);
      const b1 = JSON.parse(await readFile(first, 'utf8')) as StixBundle;
      const b2 = JSON.parse(await readFile(second, 'utf8')) as StixBundle;
      const c1 = b1.objects.filter((o) => o.type === 'campaign');
      const c2 = b2.objects.filter((o) => o.type === 'campaign');
      assert.equal(c2.length, 2);
      const grown = c2.find((c) => c.revoked !== true)!;
      assert.ok(c1.some((c) => c.id === grown.id && c.modified! < grown.modified!));
      const revoked = c2.find((c) => c.revoked === true)!;
      assert.ok(c1.some((c) => c.id === revoked.id));
    });
  });

  it('exits 64 on a bad --tlp or a missing --stix, and 74 on a missing folder', async () => {
    await withDir(async (dir) => {
      assert.equal(await run(['export', '--stix', dir, '--tlp', 'purple']), 64);
      assert.equal(await run(['export']), 64);
      assert.equal(await run(['export', '--stix', join(dir, 'nope'), '--out', join(dir, 'x.json')]), 74);
    });
  });
});
