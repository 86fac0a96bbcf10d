/**
 * `lockstep detect … --publish URL` end to end: the CLI detects on the bundled sample and sends the
 * run to a second Lockstep server (its own store, listening on a real port), authenticated with that
 * server's API key (LOCKSTEP_TAXII_TOKEN). The run then belongs to the key's org there, at the TLP
 * given, with the counts detect printed and a graph page that opens; a revoked key is refused
 * naming the server's answer, after the output folder was written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { newApiKey } from '../exchange/credentials.js';
import { buildApp } from '../server/app.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { graphPageSchema } from '../workspace/api-schema.js';
import { cli } from './test-helpers/run-cli.js';

const SAMPLE = join(import.meta.dirname, '../../samples/demo/posts.csv.gz');
const dir = mkdtempSync(join(tmpdir(), 'lockstep-detect-publish-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` with LOCKSTEP_TAXII_TOKEN set to `token`, restoring the environment afterwards. */
async function withToken<T>(token: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.LOCKSTEP_TAXII_TOKEN;
  process.env.LOCKSTEP_TAXII_TOKEN = token;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.LOCKSTEP_TAXII_TOKEN;
    else process.env.LOCKSTEP_TAXII_TOKEN = saved;
  }
}

describe('detect --publish to a second server', () => {
  it("puts the run into the other server's workspace, as the key's org", async () => {
    const store = await openSqliteStore({ file: join(dir, 'partner.db') });
    await store.putOrg({ id: 'org-z', name: 'Partner Z', redRecipients: [] });
    await store.putUser({ username: 'zed', org: 'org-z', passwordHash: null });
    const key = newApiKey();
    await store.putApiKey({
      id: key.id,
      username: 'zed',
      secretHash: key.secretHash,
      createdAt: new Date().toISOString(),
    });
    const app = await buildApp({ store, webRoot: join(dir, 'no-web') });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const out = join(dir, 'out');
      const r = await withToken(key.key, () =>
        cli(['detect', SAMPLE, '--out', out, '--publish', base, '--tlp', 'green', '--title', 'From afar']),
      );
      assert.equal(r.code, 0, r.err);
      const line = /published (run-[0-9a-f]{16}) to .*: From afar \((\d+) networks, (\d+) accounts\)/.exec(
        r.out,
      );
      assert.ok(line, r.out);

      const [listed] = await store.listRuns(undefined);
      assert.ok(listed);
      assert.deepEqual(
        [listed.id, listed.org, listed.tlp, listed.title],
        [line[1], 'org-z', 'green', 'From afar'],
      );
      assert.equal(String(listed.networks), line[2]);
      assert.equal(String(listed.accounts), line[3]);
      assert.ok(listed.networks > 0, 'the sample has planted networks');
      // The graph page the explorer opens is there and holds what was published.
      const page = await store.getRunPage(listed.id, 'graph');
      assert.ok(page);
      const graph = graphPageSchema.parse(JSON.parse(page));
      assert.equal(graph.networks.length, listed.networks);
      assert.equal(graph.run.org, 'org-z');

      // A revoked key: detect still writes its folder, then the publication is refused.
      await store.deleteApiKey(key.id);
      const out2 = join(dir, 'out2');
      const refused = await withToken(key.key, () =>
        cli(['detect', SAMPLE, '--out', out2, '--publish', base]),
      );
      assert.notEqual(refused.code, 0);
      assert.match(refused.err, /ERR_TAXII_REMOTE_ERROR: .*publish\/runs: 401/);
      assert.ok(existsSync(join(out2, 'run.json')));
      assert.equal((await store.listRuns(undefined)).length, 1);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
