import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { buildIndex } from './build-index.js';
import { RangeIndex } from './range-index.js';
import { checkPassword, contextWords, isTrivialSequence } from './policy.js';
import { indexSource, isPwned } from './pwned.js';
import { FIXTURE, fixturePairs, tempDir } from './test-corpus.js';

describe('password policy (SP 800-63B rev. 4)', () => {
  let index: RangeIndex;
  before(async () => {
    const out = join(tempDir(), 'p.idx');
    await buildIndex({ inputs: [FIXTURE.pathname], out });
    index = RangeIndex.open(out);
  });
  after(() => {
    index.close();
  });
  const codes = async (pw: string, opts = {}): Promise<string[]> =>
    (await checkPassword(pw, opts)).problems.map((p) => p.code);

  it('15 characters without MFA, 8 with MFA; code points, not UTF-16 units, are counted', async () => {
    assert.deepEqual(await codes('fourteen chars'), ['too-short']);
    assert.deepEqual(await codes('fifteen chars!!'), []);
    assert.deepEqual(await codes('seven c', { mfa: true }), ['too-short']);
    assert.deepEqual(await codes('eight ch', { mfa: true }), []);
    const emoji = '😀😁😂😃🙂🙃😉😊'; // 8 code points, 16 UTF-16 units
    assert.equal((await checkPassword(emoji, { mfa: true })).length, 8);
    assert.deepEqual(await codes(emoji.slice(0, 14), { mfa: true }), ['too-short']);
  });

  it('maximum: at least 64 accepted by default, longer refused, a max under 64 is a usage error', async () => {
    assert.deepEqual(
      await codes('a quiet river under the old stone bridge at dawn, 64 chars total!'.slice(0, 64)),
      [],
    );
    assert.deepEqual(await codes('x y'.repeat(30)), ['too-long']);
    assert.deepEqual(await codes('x y'.repeat(30), { maxLength: 128 }), []);
    await assert.rejects(checkPassword('whatever long enough', { maxLength: 32 }), { code: 'ERR_USAGE' });
    await assert.rejects(checkPassword('whatever long enough', { minLength: 6 }), { code: 'ERR_USAGE' });
  });

  it('no composition rules: a long all-lowercase passphrase passes', async () => {
    const r = await checkPassword('correct horse battery staple', { breaches: indexSource(index) });
    assert.ok(r.ok, JSON.stringify(r.problems));
  });

  it('breached values are refused with their count; NFKC forms are checked too', async () => {
    const [pw, count] = fixturePairs().find(([p]) => p.length >= 8)!;
    const r = await checkPassword(pw, { mfa: true, breaches: indexSource(index) });
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['breached'],
    );
    assert.equal(r.breachCount, count);
    // Fullwidth letters normalise (NFKC) to the ASCII breached value.
    const fullwidth = Array.from(pw)
      .map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c))
      .join('');
    assert.notEqual(fullwidth, pw);
    const n = await checkPassword(fullwidth, { mfa: true, breaches: indexSource(index) });
    assert.equal(n.normalized, pw);
    assert.equal(n.breachCount, count);
    assert.equal(
      (await isPwned(fullwidth, indexSource(index))).pwned,
      false,
      'raw form is not in the corpus',
    );
  });

  it('common values from a blocklist, trivial sequences, context words', async () => {
    const blocklist = new Set(dictionary['passwords-common'].slice(0, 20000));
    const common = dictionary['passwords-common'].find((p) => p.length >= 8 && !isTrivialSequence(p))!;
    assert.deepEqual(await codes(common.toUpperCase(), { mfa: true, blocklist }), ['common']);
    assert.deepEqual(await codes('aaaaaaaaaaaaaaaa'), ['sequence']);
    assert.deepEqual(await codes('abcdefghijklmnop'), ['sequence']);
    assert.deepEqual(await codes('9876543210987654'.slice(0, 10), { mfa: true }), ['sequence']);
    const ctx = { context: ['Lockstep', 'maria.garcia@example.org'] };
    assert.deepEqual(await codes('my lockstep login 2024', ctx), ['context']);
    assert.deepEqual(await codes('GarciaRulesTheWorld!', ctx), ['context']);
    assert.deepEqual(await codes('a quite unrelated phrase', ctx), []);
    assert.deepEqual(contextWords(['maria.garcia@example.org']).sort(), [
      'example',
      'garcia',
      'maria',
      'maria.garcia@example.org',
    ]);
  });

  it('reports every problem at once and never echoes the password', async () => {
    const r = await checkPassword('lockstep', { context: ['lockstep'], breaches: indexSource(index) });
    assert.deepEqual(r.problems.map((p) => p.code).sort(), ['context', 'too-short']);
    for (const p of r.problems) assert.ok(!p.message.includes('lockstep'));
  });
});
