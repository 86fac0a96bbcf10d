import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLockstepError } from '../core/errors.js';
import { buildIndex } from '../protect/passwords/index.js';
import { fixturePairs, hashCounts, referenceRanges, tempDir } from '../protect/passwords/test-corpus.js';
import { TAXII_MEDIA } from '../exchange/taxii/media.js';
import type { RunningServer } from './start.js';
import { startServer } from './start.js';

const ALICE = `Basic ${Buffer.from('alice:alice-password').toString('base64')}`;

describe('lockstep serve with the password range API mounted', () => {
  const dir = tempDir();
  const sha1File = join(dir, 'sha1.idx');
  const ntlmFile = join(dir, 'ntlm.idx');
  let sha1: Map<string, string>;
  let ntlm: Map<string, string>;
  let both: RunningServer;

  before(async () => {
    await buildIndex({ inputs: [fixturePairsFile()], out: sha1File });
    await buildIndex({ inputs: [fixturePairsFile()], out: ntlmFile, mode: 'ntlm' });
    sha1 = referenceRanges(await hashCounts(fixturePairs(), 'sha1'));
    ntlm = referenceRanges(await hashCounts(fixturePairs(), 'ntlm'));
    both = await startServer({
      port: 0,
      demo: true,
      passwordsIndex: sha1File,
      passwordsNtlmIndex: ntlmFile,
    });
  });
  after(async () => {
    await both.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function fixturePairsFile(): string {
    const file = join(dir, 'corpus.tsv');
    writeFileSync(
      file,
      fixturePairs()
        .map(([p, c]) => `${p}\t${c}`)
        .join('\n') + '\n',
    );
    return file;
  }

  it('serves /range/{prefix} without TAXII credentials, byte-identical to the reference, both modes', async () => {
    assert.deepEqual(both.passwordModes.sort(), ['ntlm', 'sha1']);
    for (const [prefix, body] of [...sha1].slice(0, 50)) {
      const res = await both.app.inject({ url: `/range/${prefix}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      assert.equal(res.body, body, prefix);
    }
    for (const [prefix, body] of [...ntlm].slice(0, 50)) {
      const res = await both.app.inject({ url: `/range/${prefix.toLowerCase()}?mode=ntlm` });
      assert.equal(res.body, body, prefix);
    }
  });

  it('keeps the range API behaviour: plain-text 400s, CORS preflight without credentials', async () => {
    const bad = await both.app.inject({ url: '/range/XYZ12' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.body, 'The hash prefix was not valid hexadecimal');
    assert.equal((await both.app.inject({ url: '/range/ABC' })).statusCode, 400);
    const pre = await both.app.inject({ method: 'OPTIONS', url: '/range/5BAA6' });
    assert.equal(pre.statusCode, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
  });

  it('leaves TAXII exactly as it was: 401 first (also for unknown paths), media type, auth works', async () => {
    const anon = await both.app.inject({ url: '/taxii2/', headers: { accept: TAXII_MEDIA } });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.headers['content-type'], TAXII_MEDIA);
    assert.equal((await both.app.inject({ url: '/nowhere' })).statusCode, 401);
    const ok = await both.app.inject({
      url: '/taxii2/',
      headers: { accept: TAXII_MEDIA, authorization: ALICE },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['content-type'], TAXII_MEDIA);
  });

  it('answers over the real port too', async () => {
    const base = both.discoveryUrl.replace(/\/taxii2\/$/, '');
    const [prefix, body] = [...sha1][0]!;
    const res = await fetch(`${base}/range/${prefix}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), body);
  });

  it('without --passwords-ntlm-index, NTLM requests are a plain 404; without any index /range is TAXII', async () => {
    const only = await startServer({ port: 0, demo: true, passwordsIndex: sha1File });
    try {
      const res = await only.app.inject({ url: '/range/5BAA6?mode=ntlm' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.body, 'No NTLM index is loaded');
    } finally {
      await only.close();
    }
    const none = await startServer({ port: 0, demo: true });
    try {
      assert.deepEqual(none.passwordModes, []);
      assert.equal((await none.app.inject({ url: '/range/5BAA6' })).statusCode, 401);
      const res = await none.app.inject({ url: '/range/5BAA6', headers: { authorization: ALICE } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers['content-type'], TAXII_MEDIA);
    } finally {
      await none.close();
    }
  });

  it('refuses an index of the wrong hash mode or a file that is no index, before listening', async () => {
    await assert.rejects(
      startServer({ port: 0, demo: true, passwordsNtlmIndex: sha1File }),
      (e: unknown) =>
        isLockstepError(e) && e.code === 'ERR_USAGE' && /needs one built for ntlm/.test(e.message),
    );
    await assert.rejects(
      startServer({ port: 0, demo: true, passwordsIndex: ntlmFile }),
      (e: unknown) => isLockstepError(e) && e.code === 'ERR_USAGE',
    );
    const junk = join(dir, 'junk.idx');
    writeFileSync(junk, 'not an index');
    await assert.rejects(
      startServer({ port: 0, demo: true, passwordsIndex: junk }),
      (e: unknown) => isLockstepError(e) && e.code === 'ERR_PASSWORDS_BAD_INDEX',
    );
  });
});
