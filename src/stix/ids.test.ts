import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lockstepId, scoId } from './ids.js';
import { equalityPattern, patternString } from './pattern.js';

describe('deterministic ids', () => {
  it('reproduces the STIX 2.1 specification example of a deterministic SCO id', () => {
    assert.equal(
      scoId('ipv4-addr', { value: '198.51.100.3' }),
      'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
    );
    assert.equal(
      scoId('domain-name', { value: 'example.com' }),
      'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7',
    );
  });

  it('uses only ID-contributing properties, in canonical order', () => {
    const a = scoId('user-account', { user_id: '42', account_type: 'twitter', display_name: 'A' });
    const b = scoId('user-account', {
      account_type: 'twitter',
      user_id: '42',
      display_name: 'B',
      type: 'user-account',
    });
    assert.equal(a, b);
    assert.notEqual(a, scoId('user-account', { user_id: '42', account_type: 'facebook' }));
    assert.notEqual(a, scoId('user-account', { user_id: '42', account_type: 'twitter', account_login: 'x' }));
    assert.throws(() => scoId('file', { name: 'x' }), /no ID-contributing properties/);
  });

  it('gives Lockstep objects stable UUIDv5 ids that depend on type and key', () => {
    const id = lockstepId('campaign', ['k', 1]);
    assert.match(id, /^campaign--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(id, lockstepId('campaign', ['k', 1]));
    assert.notEqual(id, lockstepId('campaign', ['k', 2]));
    assert.notEqual(
      id.slice('campaign--'.length),
      lockstepId('indicator', ['k', 1]).slice('indicator--'.length),
    );
  });
});

describe('STIX patterns', () => {
  it('quotes and escapes string literals', () => {
    assert.equal(patternString("it's"), "'it\\'s'");
    assert.equal(patternString('a\\b'), "'a\\\\b'");
    assert.equal(
      equalityPattern('user-account', [
        ['user_id', '7'],
        ['account_type', 'twitter'],
      ]),
      "[user-account:user_id = '7' AND user-account:account_type = 'twitter']",
    );
  });
});
