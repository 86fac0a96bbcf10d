import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'tldts';
import { ICANN_RULES } from './data/icann-suffixes.js';
import { icannPublicSuffix, searchRule } from './public-suffix.js';

/** tldts' answer, the reference: the public suffix, or null when the name is itself one. */
function tldtsSuffix(name: string): string {
  const p = parse(name, { allowPrivateDomains: false });
  assert.ok(p.publicSuffix !== null, name);
  return p.publicSuffix;
}

describe('ICANN public suffix lookup', () => {
  it('agrees with tldts on every rule, one and two labels under it, and unlisted names', () => {
    const names = new Set<string>();
    for (const rule of ICANN_RULES.split(/\s+/).filter(Boolean)) {
      const name = rule.replace(/^!/, '').replace(/^\*\./, 'wild.');
      for (const n of [name, `x.${name}`, `y.x.${name}`]) names.add(n);
      // The label a wildcard or exception sits under, and a sibling of an exception.
      names.add(name.split('.').slice(1).join('.') || name);
      if (rule.startsWith('!')) names.add(`other.${name.split('.').slice(1).join('.')}`);
    }
    for (const n of ['example.com', 'a.b.example.zz', 'foo.bar', 'x.y.z.xn--p1ai', 'www.ck', 'a.www.ck'])
      names.add(n);
    let differ = 0;
    const shown: string[] = [];
    for (const name of names) {
      if (name === '') continue;
      const want = tldtsSuffix(name);
      const got = icannPublicSuffix(name);
      if (got !== want) {
        differ++;
        if (shown.length < 10) shown.push(`${name}: ${got} ≠ tldts ${want}`);
      }
    }
    assert.ok(names.size > 20000, `${names.size} names`);
    assert.equal(differ, 0, shown.join('\n'));
  });

  it('the string search the first lookups use finds exactly the rules', () => {
    const rules = ICANN_RULES.split(/\s+/).filter(Boolean);
    for (const r of rules) assert.ok(searchRule(r), r);
    // Pieces of rules, and rules with a label more or less, are not rules.
    const set = new Set(rules);
    const near = rules.flatMap((r) => [
      r.slice(1),
      r.slice(0, -1),
      `x.${r}`,
      r.split('.').slice(1).join('.'),
    ]);
    let checked = 0;
    for (const n of near) {
      if (n === '' || set.has(n)) continue;
      assert.equal(searchRule(n), false, n);
      checked++;
    }
    assert.ok(checked > 15000, `${checked}`);
  });

  it('examples', () => {
    assert.equal(icannPublicSuffix('sos.state.tx.us'), 'tx.us');
    assert.equal(icannPublicSuffix('a.b.ck'), 'b.ck'); // *.ck
    assert.equal(icannPublicSuffix('a.www.ck'), 'ck'); // !www.ck
    assert.equal(icannPublicSuffix('example.unlisted'), 'unlisted'); // the prevailing rule *
  });
});
