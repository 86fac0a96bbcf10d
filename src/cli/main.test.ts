import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const DEV = join(import.meta.dirname, '..', '..', 'scripts', 'dev.ts');

describe('the lockstep process', () => {
  it('ends quietly with status 0 when its reader closes the pipe early (`| head`)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', DEV, 'lookalikes', 'donaldjtrump.com'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let bytes = 0;
    // Like `head -c 1`: read one chunk of the ~9,000 rows, then close our end of the pipe.
    child.stdout.once('data', (d: Buffer) => {
      bytes = d.length;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.ok(bytes > 0, 'it wrote something before the pipe closed');
    assert.equal(err, '');
    assert.equal(code, 0);
  });
});
