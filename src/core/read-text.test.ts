import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextFile } from './read-text.js';
import { isLockstepError } from './errors.js';

describe('readTextFile', () => {
  it('returns the text, and fails with ERR_IO naming a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-read-'));
    try {
      const file = join(dir, 'a.txt');
      await writeFile(file, 'héllo\n');
      assert.equal(await readTextFile(file), 'héllo\n');
      const missing = join(dir, 'missing.txt');
      await assert.rejects(readTextFile(missing), (e: unknown) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_IO');
        assert.deepEqual(e.details, { file: missing });
        assert.match(e.message, /cannot read .*missing\.txt/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
