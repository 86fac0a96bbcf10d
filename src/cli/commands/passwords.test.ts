import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../main.js';
import { FIXTURE, fixturePairs, tempDir } from '../../protect/passwords/test-corpus.js';

const dev = new URL('../../../scripts/dev.ts', import.meta.url).pathname;

function cli(args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', dev, ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lockstep passwords', () => {
  const dir = tempDir();
  const idx = join(dir, 'cli.idx');
  before(async () => {
    assert.equal(await run(['passwords', 'index', FIXTURE.pathname, '--out', idx]), 0);
  });

  it('index writes the index; bad options are usage errors', async () => {
    assert.ok(existsSync(idx));
    assert.equal(await run(['passwords', 'index', FIXTURE.pathname]), 64);
    assert.equal(await run(['passwords', 'index', FIXTURE.pathname, '--out', idx, '--mode', 'md5']), 64);
    assert.equal(await run(['passwords', 'serve', '--index', join(dir, 'missing.idx')]), 74);
  });

  it('check reads stdin, refuses a breached password (exit 1) without printing it', () => {
    const [pw, count] = fixturePairs()[3]!;
    const r = cli(['passwords', 'check', '--index', idx, '--mfa'], `${pw}\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`breach count: ${count}`));
    assert.ok(!r.stdout.includes(pw) && !r.stderr.includes(pw));
  });

  it('check accepts a long unbreached passphrase (exit 0)', () => {
    const r = cli(
      ['passwords', 'check', '--index', idx, '--context', 'lockstep'],
      'violet harbour lanterns at noon\n',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ok$/m);
  });
});
