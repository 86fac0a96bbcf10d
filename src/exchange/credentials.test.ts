import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, newApiKey, parseApiKey, secretMatches, verifyPassword } from './credentials.js';

describe('credentials', () => {
  it('hashes passwords with a per-user salt and verifies them', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    assert.notEqual(a, b, 'two users with the same password get different hashes');
    assert.match(a, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    assert.equal(await verifyPassword('correct horse', a), true);
    assert.equal(await verifyPassword('correct horsE', a), false);
    for (const bad of [
      '',
      'plain',
      'scrypt$x$8$1$aa$bb',
      'scrypt$16384$8$1$aa$',
      'bcrypt$1$2$3$4$5',
      'scrypt$99999999$8$1$aa$bb',
    ])
      assert.equal(await verifyPassword('correct horse', bad), false, bad);
  });

  it('mints API keys whose secret only matches its own hash', () => {
    const k = newApiKey();
    const p = parseApiKey(k.key);
    assert.ok(p);
    assert.equal(p.id, k.id);
    assert.equal(secretMatches(p.secret, k.secretHash), true);
    assert.equal(secretMatches(p.secret.slice(1) + 'A', k.secretHash), false);
    assert.equal(secretMatches(p.secret, 'abcd'), false);
    assert.notEqual(newApiKey().key, k.key);
    for (const bad of ['', k.key + 'x', k.key.replace('lsk_', 'lsx_'), 'lsk_zz_' + p.secret])
      assert.equal(parseApiKey(bad), undefined, bad);
  });
});
