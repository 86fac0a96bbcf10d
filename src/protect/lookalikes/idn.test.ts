import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isPlainLdhName, UTS46_STRICT } from './idn.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';

interface Tr46 {
  toASCII(domain: string, options?: object): string | null;
  toUnicode(domain: string, options?: object): { domain: string; error: boolean };
}
const tr46 = createRequire(import.meta.url)('tr46') as Tr46;
const OPTION_SETS = [UTS46_STRICT, { ...UTS46_STRICT, verifyDNSLength: false }];

describe('plain LDH names skip tr46', () => {
  it('a name isPlainLdhName accepts is its own ASCII and Unicode form under tr46', () => {
    const rand = seededRandom(14);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-';
    let accepted = 0;
    let refused = 0;
    for (let k = 0; k < 6000; k++) {
      const labels: string[] = [];
      const count = 1 + Math.floor(rand() * 4);
      for (let l = 0; l < count; l++) {
        const len = rand() < 0.02 ? 60 + Math.floor(rand() * 8) : 1 + Math.floor(rand() * 8);
        let label = '';
        for (let i = 0; i < len; i++) label += alphabet.charAt(Math.floor(rand() * alphabet.length));
        labels.push(label);
      }
      const name = labels.join('.');
      if (!isPlainLdhName(name)) {
        refused++;
        continue;
      }
      accepted++;
      for (const options of OPTION_SETS) {
        assert.equal(tr46.toASCII(name, options), name, name);
        assert.deepEqual(tr46.toUnicode(name, options), { domain: name, error: false }, name);
      }
    }
    assert.ok(accepted > 3000 && refused > 500, `${accepted} accepted, ${refused} refused`);
  });

  it('refuses what tr46 must decide: edges, xn-- and "--" at 3–4, upper case, non-ASCII, lengths', () => {
    for (const name of [
      '-a.com',
      'a-.com',
      'xn--mnchen-3ya.de',
      'ab--c.com',
      'A.com',
      'ü.de',
      'a..b',
      '',
      'a.',
    ])
      assert.equal(isPlainLdhName(name), false, name);
    assert.equal(isPlainLdhName(`${'a'.repeat(64)}.com`), false);
    assert.equal(isPlainLdhName(Array.from({ length: 127 }, () => 'ab').join('.')), false); // 380 octets
    assert.equal(isPlainLdhName('a-b.c0m'), true);
  });
});
