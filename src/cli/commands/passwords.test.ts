import { after, describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { run } from '../main.js';
import { cli as cliInProcess } from '../test-helpers/run-cli.js';
import { writeFileSync } from 'node:fs';
import { FIXTURE, fixturePairs, tempDir } from '../../protect/passwords/test-corpus.js';
import { httpSource, isPwned, rangeBaseUrl } from '../../protect/passwords/pwned.js';
import { RangeIndex } from '../../protect/passwords/range-index.js';
import { buildRangeServer } from '../../protect/passwords/routes.js';
import { isLockstepError } from '../../core/errors.js';

const dev = new URL('../../../scripts/dev.ts', import.meta.url).pathname;

function cli(args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', dev, ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like `cli` but without blocking the event loop, so an in-process server can answer the child. */
async function cliAsync(
  args: string[],
  input: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', dev, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
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

  it('index prints sane figures for a tiny corpus (no 4 MB per hash, no 0.0 MB/s, "1 file")', async () => {
    const corpus = join(dir, 'tiny.txt');
    writeFileSync(corpus, 'password\n123456\n');
    const r = await cliInProcess(['passwords', 'index', corpus, '--out', join(dir, 'tiny.idx')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /sha1, 2 hashes from 1 file, /);
    const perHash = Number(/([\d.]+) bytes\/hash beside the fixed/.exec(r.out)?.[1]);
    assert.ok(perHash > 0 && perHash < 64, r.out);
    assert.doesNotMatch(r.out, /MB\/s|file\(s\)/);
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

describe('passwords check --url', () => {
  const dir = tempDir();
  const idx = join(dir, 'url.idx');
  let origin = '';
  let close = async (): Promise<void> => {};
  before(async () => {
    assert.equal(await run(['passwords', 'index', FIXTURE.pathname, '--out', idx]), 0);
    const index = RangeIndex.open(idx);
    const app = await buildRangeServer({ indexes: { sha1: index } });
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      index.close();
    };
  });
  after(() => close());

  it('takes the base URL in any form: host:port, /, /range, /range/', async () => {
    const [pw, count] = fixturePairs()[3]!;
    for (const form of ['', '/', '/range', '/range/', '/range//']) {
      assert.equal(rangeBaseUrl(`${origin}${form}`), `${origin}/range/`, form);
      assert.deepEqual(
        await isPwned(pw, httpSource({ url: `${origin}${form}` })),
        { pwned: true, count },
        form,
      );
    }
    assert.equal(rangeBaseUrl('http://h.example/pw'), 'http://h.example/pw/range/');
    // The form from the issue, end to end: it crashed with "Failed to parse URL from …B7A87".
    const r = await cliAsync(['passwords', 'check', '--url', origin, '--mfa'], `${pw}\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`breach count: ${count}`));
  });

  it('a wrong path, a dead server or a non-URL is a coded error, never a stack trace', async () => {
    await assert.rejects(isPwned('x', httpSource({ url: `${origin}/nothing/here/range/` })), (e: unknown) => {
      assert.ok(isLockstepError(e) && e.code === 'ERR_PASSWORDS_REMOTE');
      assert.match(e.message, /answered HTTP 404/);
      return true;
    });
    assert.throws(() => httpSource({ url: 'not a url\x1b' }), /--url must be an http\(s\) URL.*\\x1b/);
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await cliAsync(
      ['passwords', 'check', '--url', `http://127.0.0.1:${port}`],
      'violet harbour lanterns at noon\n',
    );
    assert.equal(r.status, 69, r.stderr);
    assert.match(
      r.stderr,
      /^lockstep: ERR_PASSWORDS_REMOTE: range API http:\/\/127\.0\.0\.1:\d+\/range\/[0-9A-F]{5}: cannot be reached \(ECONNREFUSED\)\n$/,
    );
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  });
});
