/**
 * Revocation end to end over both stores (issue 10, defect 4): the configuration is the source of
 * truth when it is applied again (a restart), taxii-admin's revoke-key / remove-user and key expiry
 * take effect on the very next request of a running server (no cache outlives them), removed
 * collections keep their objects, and every change and refusal lands in the audit log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import type { Store } from '../store/store.js';
import { auditPrune, createApiKey, describeStore, removeUser, revokeApiKey } from './admin.js';
import type { ServerConfigInput } from './config.js';
import { applyConfig, parseConfig } from './config.js';
import { newApiKey, parseApiKey } from './credentials.js';
import { storeKinds } from './taxii/both-stores.js';
import { basic, indicator, taxiiGet, taxiiPost } from '../server/test-helpers/taxii-factories.js';

const CAROL_CONFIG_KEY = newApiKey();
const FULL: ServerConfigInput = {
  apiRoots: [{ name: 'r1', title: 'R1' }],
  orgs: [
    { id: 'org-a', name: 'A' },
    { id: 'org-b', name: 'B' },
    { id: 'org-c', name: 'C' },
  ],
  users: [
    { username: 'alice', org: 'org-a', password: 'alice-password' },
    { username: 'bob', org: 'org-b', password: 'bob-password' },
    { username: 'carol', org: 'org-c' },
  ],
  apiKeys: [{ username: 'carol', key: CAROL_CONFIG_KEY.key, label: 'carol via config' }],
  trustGroups: [{ id: 'desk', name: 'Desk', members: ['org-a', 'org-b'] }],
  collections: [
    { id: 'c1', apiRoot: 'r1', title: 'Desk findings' },
    { id: 'c2', apiRoot: 'r1', title: 'C feed' },
  ],
  grants: [
    { collection: 'c1', group: 'desk', read: true, write: true },
    { collection: 'c2', org: 'org-c', read: true, write: true },
  ],
};
/** The same community after the operator removed bob, carol's config key, the desk group and c2. */
const REDUCED: ServerConfigInput = {
  ...FULL,
  users: FULL.users!.filter((u) => u.username !== 'bob'),
  apiKeys: [],
  trustGroups: [],
  collections: [FULL.collections![0]!],
  grants: [],
};

const ALICE = basic('alice', 'alice-password');
const BOB = basic('bob', 'bob-password');
const token = (key: string) => `Token ${key}`;

for (const kind of storeKinds()) {
  describe(`revocation: ${kind.name}`, () => {
    let made: Awaited<ReturnType<typeof kind.create>>;
    let store: Store;
    let app: FastifyInstance;
    let carolAdminKey = '';
    let expiredKey = '';
    before(async () => {
      made = await kind.create();
      store = made.store;
      await applyConfig(store, parseConfig(FULL));
      app = await buildApp({ store });
    });
    after(async () => {
      await app.close();
      await made.dispose();
    });

    it('starts with every user, key and grant working', async () => {
      assert.equal((await taxiiGet(app, '/r1/collections/c1/', ALICE)).statusCode, 200);
      assert.equal((await taxiiGet(app, '/r1/collections/c1/', BOB)).statusCode, 200);
      assert.equal((await taxiiGet(app, '/r1/collections/c2/', token(CAROL_CONFIG_KEY.key))).statusCode, 200);
      const post = await taxiiPost(
        app,
        '/r1/collections/c2/objects/',
        { objects: [indicator(8001)] },
        token(CAROL_CONFIG_KEY.key),
      );
      assert.equal(post.statusCode, 202);
      carolAdminKey = await createApiKey(store, 'carol', 'carol laptop', '2099-01-01T00:00:00.000Z');
      assert.equal((await taxiiGet(app, '/taxii2/', token(carolAdminKey))).statusCode, 200);
    });

    it('an expired key is refused with 401 like an unknown one', async () => {
      expiredKey = await createApiKey(
        store,
        'alice',
        'short-lived',
        new Date(Date.now() + 60_000).toISOString(),
      );
      assert.equal((await taxiiGet(app, '/taxii2/', token(expiredKey))).statusCode, 200);
      const id = expiredKey.split('_')[1]!;
      await store.putApiKey({
        ...(await store.getApiKey(id))!,
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      });
      const res = await taxiiGet(app, '/taxii2/', token(expiredKey));
      assert.equal(res.statusCode, 401);
      const unknown = await taxiiGet(app, '/taxii2/', token(newApiKey().key));
      assert.equal(res.body, unknown.body);
      assert.match(
        await describeStore(store),
        /key [0-9a-f]{16} user=alice label="short-lived" source=admin .*expires=\S+ \(expired\)/,
      );
    });

    it('re-applying a reduced configuration ends removed users, keys, groups, grants and collections at the next request', async () => {
      // Warm bob's cached Basic login first: the cache must not outlive his removal.
      assert.equal((await taxiiGet(app, '/taxii2/', BOB)).statusCode, 200);
      const lines = await auditPrune(store, 'reduced.json', await applyConfig(store, parseConfig(REDUCED)));
      assert.ok(
        lines.some((l) => l.startsWith('users removed by reduced.json: bob')),
        lines.join('\n'),
      );
      assert.equal((await taxiiGet(app, '/taxii2/', BOB)).statusCode, 401);
      assert.equal((await taxiiGet(app, '/taxii2/', token(CAROL_CONFIG_KEY.key))).statusCode, 401);
      // alice's org reached c1 only through the removed trust group.
      assert.equal((await taxiiGet(app, '/r1/collections/c1/', ALICE)).statusCode, 404);
      // carol's admin-minted key is not the configuration's to remove, but c2 is gone for her.
      assert.equal((await taxiiGet(app, '/taxii2/', token(carolAdminKey))).statusCode, 200);
      assert.equal((await taxiiGet(app, '/r1/collections/c2/', token(carolAdminKey))).statusCode, 404);
      assert.equal(
        (await taxiiGet(app, '/r1/collections/c2/objects/', token(carolAdminKey))).statusCode,
        404,
      );
      assert.equal(await store.countObjects('c2'), 1, 'a retired collection keeps its objects');
    });

    it('revoke-key and remove-user take effect on the next request, cached logins included', async () => {
      assert.match(await revokeApiKey(store, carolAdminKey), /^revoked key [0-9a-f]{16}$/);
      assert.equal((await taxiiGet(app, '/taxii2/', token(carolAdminKey))).statusCode, 401);
      assert.equal((await taxiiGet(app, '/taxii2/', ALICE)).statusCode, 200);
      await removeUser(store, 'alice');
      assert.equal((await taxiiGet(app, '/taxii2/', ALICE)).statusCode, 401);
      await assert.rejects(revokeApiKey(store, carolAdminKey), /no API key/);
      await assert.rejects(removeUser(store, 'alice'), /no user/);
    });

    it('a restart with the full configuration restores config users and keys and reopens the collection', async () => {
      await applyConfig(store, parseConfig(FULL));
      const again = await buildApp({ store });
      try {
        assert.equal((await taxiiGet(again, '/r1/collections/c1/', ALICE)).statusCode, 200);
        const objects = await taxiiGet(again, '/r1/collections/c2/objects/', token(CAROL_CONFIG_KEY.key));
        assert.equal(objects.statusCode, 200);
        assert.match(objects.body, new RegExp(indicator(8001).id));
        // Revoked admin keys stay revoked.
        assert.equal((await taxiiGet(again, '/taxii2/', token(carolAdminKey))).statusCode, 401);
      } finally {
        await again.close();
      }
    });

    it('list shows keys with label, source, expiry and last use, never a secret or hash', async () => {
      const text = await describeStore(store);
      assert.match(
        text,
        /key [0-9a-f]{16} user=carol label="carol via config" source=config .* last-used=20/,
      );
      assert.ok(!text.includes(CAROL_CONFIG_KEY.secretHash));
      // The whole secret (base64url may contain '_', so not split('_')[2], which could be a short fragment).
      assert.ok(!text.includes(parseApiKey(CAROL_CONFIG_KEY.key)!.secret));
      assert.ok(!/scrypt\$/.test(text));
    });

    it('the audit log holds the writes, the refusals and the admin changes', async () => {
      await app.close();
      app = await buildApp({ store });
      const entries = await store.queryAudit({ limit: 1000 });
      const write = entries.find((e) => e.action === 'POST /:apiRoot/collections/:collectionId/objects/');
      assert.deepEqual(
        [write?.actor, write?.org, write?.outcome, write?.status, write?.detail?.success],
        ['carol', 'org-c', 'ok', 202, 1],
      );
      const denied = entries.filter((e) => e.outcome === 'denied');
      assert.ok(
        denied.some((e) => e.status === 401 && e.actor === null),
        'a 401',
      );
      assert.ok(
        denied.some((e) => e.status === 404 && e.actor === 'alice' && e.target === '/r1/collections/c1/'),
        'a hidden collection',
      );
      for (const action of ['create-key', 'revoke-key', 'remove-user', 'apply-config'])
        assert.ok(
          entries.some((e) => e.action === action && e.actor?.startsWith('cli:')),
          action,
        );
      const prune = entries.find((e) => e.action === 'apply-config' && e.target === 'reduced.json');
      const removed = prune?.detail ?? {};
      assert.deepEqual([removed.users, removed.collections], [['bob'], ['c2']]);
      const text = JSON.stringify(entries);
      for (const secret of ['alice-password', 'bob-password', CAROL_CONFIG_KEY.key, 'Basic '])
        assert.ok(!text.includes(secret), secret);
    });
  });
}
