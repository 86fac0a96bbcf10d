import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../core/errors.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { applyConfig, parseConfig } from './config.js';
import { newApiKey, verifyPassword } from './credentials.js';

const valid = () => ({
  apiRoots: [{ name: 'api1', title: 'API 1' }],
  orgs: [
    { id: 'org-a', name: 'A' },
    { id: 'org-b', name: 'B', redRecipients: ['ann'] },
  ],
  users: [{ username: 'ann', org: 'org-a', password: 'long-enough' }],
  trustGroups: [{ id: 'g', name: 'G', members: ['org-a', 'org-b'] }],
  collections: [{ id: 'c1', apiRoot: 'api1', title: 'C1', policy: { green: 'trust-groups' } }],
  grants: [{ collection: 'c1', group: 'g', read: true, write: true }],
});

function rejects(mutate: (c: ReturnType<typeof valid>) => unknown, field: RegExp) {
  const c = valid();
  const raw = mutate(c) ?? c;
  assert.throws(
    () => parseConfig(raw, 'server.json'),
    (e: unknown) =>
      isLockstepError(e) &&
      e.code === 'ERR_CONFIG' &&
      field.test(e.message) &&
      e.message.startsWith('server.json: '),
  );
}

describe('server configuration', () => {
  it('parses a valid file with defaults filled in', () => {
    const c = parseConfig(valid());
    assert.equal(c.apiRoots[0]?.maxContentLength, 10 * 1024 * 1024);
    assert.deepEqual(c.collections[0]?.policy, { clear: 'readers', green: 'trust-groups', none: 'readers' });
    assert.equal(c.grants[0]?.write, true);
    assert.equal(c.server.title, 'Lockstep TAXII server');
  });

  it('names the field of every inconsistency', () => {
    rejects((c) => void (c.users[0]!.org = 'nope'), /users\.0\.org: unknown org "nope"/);
    rejects((c) => void (c.grants[0]!.group = 'nope'), /grants\.0\.group: unknown trust group/);
    rejects(
      (c) =>
        void c.grants.push({ collection: 'c1', org: 'org-a', group: 'g', read: true, write: false } as never),
      /grants\.1: give exactly one of org, group/,
    );
    rejects((c) => void (c.collections[0]!.apiRoot = 'x'), /collections\.0\.apiRoot: unknown API root/);
    rejects((c) => void c.orgs.push({ id: 'org-a', name: 'dup' }), /orgs\.2: duplicate "org-a"/);
    rejects((c) => void (c.orgs[1]!.redRecipients = ['ghost']), /orgs\.1\.redRecipients\.0: unknown user/);
    rejects((c) => void (c.trustGroups[0]!.members = ['org-z']), /trustGroups\.0\.members\.0: unknown org/);
    rejects((c) => void (c.apiRoots[0]!.name = 'taxii2'), /apiRoots\.0\.name/);
    rejects((c) => ({ ...c, surprise: true }), /\(root\)|surprise/);
    rejects((c) => void (c.users[0]!.password = 'short'), /users\.0\.password/);
    rejects(
      (c) => ({ ...c, apiKeys: [{ username: 'ann', key: 'not-a-key' }] }),
      /apiKeys\.0\.key: not a Lockstep key/,
    );
    rejects(
      (c) => ({ ...c, apiKeys: [{ username: 'ann' }] }),
      /apiKeys\.0: give either key, or id and secretHash/,
    );
    rejects(() => 'not an object', /\(root\)/);
  });

  it('applies idempotently: passwords hashed with scrypt, keys stored only as hashes', async () => {
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      const k = newApiKey();
      const c = parseConfig({ ...valid(), apiKeys: [{ username: 'ann', key: k.key, label: 'ci' }] });
      await applyConfig(store, c);
      await applyConfig(store, c);
      const hash = (await store.getUser('ann'))?.passwordHash ?? '';
      assert.ok(hash.startsWith('scrypt$'));
      assert.ok(!hash.includes('long-enough'));
      assert.ok(await verifyPassword('long-enough', hash));
      assert.ok(!(await verifyPassword('long-enougH', hash)));
      const key = await store.getApiKey(k.id);
      assert.equal(key?.secretHash, k.secretHash);
      assert.deepEqual(await store.peersOf('org-a'), ['org-b']);
      assert.equal((await store.grantsFor('c1')).length, 1);
      assert.deepEqual(await store.redSendersTo('ann'), ['org-b']);
    } finally {
      await store.close();
    }
  });
});
