import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseProtectedDomain } from '../../protect/lookalikes/domain.js';
import { isShortRun } from './lookalikes.js';

const parse = (names: string[]) => names.map((n) => parseProtectedDomain(n));

describe('lookalikes: which runs cap V8 at its baseline tier (cli/tiering.ts)', () => {
  it('one or a few short domains are a short run', () => {
    assert.equal(isShortRun(parse(['example.com'])), true);
    assert.equal(isShortRun(parse(['paypal.com', 'google.com', 'elections.ny.gov'])), true);
  });

  it('a long label or many domains keep the optimising tier', () => {
    // 40 letters: ~40² of work in the homoglyph fuzzer alone, past the 500 threshold.
    assert.equal(isShortRun(parse([`${'a'.repeat(40)}.com`])), false);
    const many = Array.from({ length: 16 }, (_, i) => `donaldjtrump${i}.com`);
    assert.equal(isShortRun(parse(many)), false);
  });

  it('counts every fuzzed label, subdomains included', () => {
    // Two labels of 15 fuzzed (the registrable one and the subdomain): 15² + 15² = 450; one more
    // domain of 10 letters (100) passes 500.
    const one = parse(['abcdefghijklmno.pqrstuvwxyzabcd.gov']);
    assert.equal(isShortRun(one), true);
    assert.equal(isShortRun([...one, ...parse(['abcdefghij.com'])]), false);
  });
});
