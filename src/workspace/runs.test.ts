/**
 * The runs part of the store, as ONE suite run on SQLite and (with LOCKSTEP_TEST_PG_URL) PostgreSQL
 * through the exchange's both-stores builder: publish a detect output folder, list it, read its pages
 * back, TLP visibility between orgs, idempotent re-import, and clear errors for bad folders.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LockstepError } from '../core/errors.js';
import { storeKinds } from '../exchange/taxii/both-stores.js';
import { writeDetectionOutput } from '../report/write-output.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import type { Store } from '../store/store.js';
import { accountPageSchema, graphPageSchema, runSummarySchema } from './api-schema.js';
import { addRun, runAudience } from './runs.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-runs-'));
const out = join(dir, 'out');
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
before(async () => {
  await writeDetectionOutput(makeResult({ networks: 2, size: 4 }), out);
});

async function directory(store: Store): Promise<void> {
  for (const id of ['org-a', 'org-b', 'org-c']) await store.putOrg({ id, name: id, redRecipients: [] });
  await store.putTrustGroup({ id: 'desk', name: 'desk', members: ['org-a', 'org-b'] });
}

const expectError = async (p: Promise<unknown>, code: string, text: RegExp): Promise<void> => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof LockstepError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, text);
    return true;
  });
};

for (const kind of storeKinds()) {
  describe(`workspace runs: ${kind.name}`, () => {
    it('publishes a run, lists it and reads its graph and account pages back', async () => {
      const made = await kind.create();
      const { store } = made;
      try {
        await directory(store);
        const rep = await addRun(store, out, {
          org: 'org-a',
          tlp: 'amber',
          inputs: false,
          now: () => new Date('2026-01-02T03:04:05.000Z'),
        });
        assert.equal(rep.created, true);
        assert.deepEqual([rep.accounts, rep.networks, rep.edges], [9, 2, 12]);
        const [run] = await store.listRuns(undefined);
        assert.ok(run);
        assert.equal(run.id, rep.id);
        assert.equal(run.addedAt, '2026-01-02T03:04:05.000Z');
        const summary = runSummarySchema.parse(JSON.parse(run.json));
        assert.equal(summary.tlp, 'amber');
        const graph = graphPageSchema.parse(JSON.parse((await store.getRunPage(rep.id, 'graph'))!));
        assert.equal(graph.nodes.length, 9);
        assert.equal(graph.edges.length, 12);
        assert.deepEqual(
          graph.networks.map((n) => n.id),
          ['N1', 'N2'],
        );
        // Hostile text survives byte for byte: escaping is the page's job, never the store's.
        assert.ok(graph.networks.some((n) => n.examples.some((e) => e.text?.includes('</script><script>'))));
        const row = await store.getRunAccount(rep.id, 'acct-0-1');
        assert.ok(row);
        assert.equal(row.network, 'N1');
        const page = accountPageSchema.parse(JSON.parse(row.json));
        assert.equal(page.partners.length, 3);
        assert.equal(page.activity, null);
        assert.equal(await store.getRunAccount(rep.id, 'nobody'), undefined);
        assert.equal(await store.getRunPage('run-unknown', 'graph'), undefined);
        // The same folder again: the same id, nothing written twice.
        const again = await addRun(store, out, { org: 'org-a', tlp: 'amber', inputs: false });
        assert.deepEqual([again.id, again.created], [rep.id, false]);
        assert.equal((await store.listRuns(undefined)).length, 1);
      } finally {
        await made.dispose();
      }
    });

    it('shows a run to its org, to trust-group peers at AMBER and below, never to outsiders', async () => {
      const made = await kind.create();
      const { store } = made;
      try {
        await directory(store);
        const amber = await addRun(store, out, { org: 'org-a', tlp: 'amber', inputs: false });
        // A second run of org A, kept to itself.
        const strictDir = join(dir, 'strict');
        await writeDetectionOutput(
          { ...makeResult({ networks: 1 }), startedAt: '2025-01-01T00:00:00.000Z' },
          strictDir,
        );
        const strict = await addRun(store, strictDir, { org: 'org-a', tlp: 'amber+strict', inputs: false });
        const seen = async (org: string): Promise<string[]> =>
          (await store.listRuns(await runAudience(store, { username: 'u', org }))).map((r) => r.id).sort();
        assert.deepEqual(await seen('org-a'), [amber.id, strict.id].sort());
        assert.deepEqual(await seen('org-b'), [amber.id]);
        assert.deepEqual(await seen('org-c'), []);
        const asB = await runAudience(store, { username: 'u', org: 'org-b' });
        assert.ok(await store.getRun(amber.id, asB));
        assert.equal(await store.getRun(strict.id, asB), undefined);
        assert.equal(
          await store.getRun(amber.id, await runAudience(store, { username: 'u', org: 'org-c' })),
          undefined,
        );
      } finally {
        await made.dispose();
      }
    });

    it('refuses bad folders and unknown orgs with errors naming the file and field', async () => {
      const made = await kind.create();
      const { store } = made;
      try {
        await directory(store);
        await expectError(
          addRun(store, join(dir, 'missing'), { org: 'org-a', tlp: 'red' }),
          'ERR_IO',
          /missing: no such directory/,
        );
        await expectError(addRun(store, out, { org: 'org-x', tlp: 'red' }), 'ERR_USAGE', /org-x/);
        const bad = join(dir, `bad-${kind.name}`);
        await writeDetectionOutput(makeResult({ networks: 1 }), bad);
        const run = JSON.parse(readFileSync(join(bad, 'run.json'), 'utf8')) as { input: { posts: unknown } };
        run.input.posts = 'many';
        writeFileSync(join(bad, 'run.json'), JSON.stringify(run));
        await expectError(
          addRun(store, bad, { org: 'org-a', tlp: 'red' }),
          'ERR_REPORT_BAD_OUTPUT',
          /run\.json: input\.posts/,
        );
        writeFileSync(join(bad, 'run.json'), readFileSync(join(out, 'run.json')));
        writeFileSync(join(bad, 'edges.csv'), 'account_a,account_b\nx,y\n');
        await expectError(
          addRun(store, bad, { org: 'org-a', tlp: 'red' }),
          'ERR_REPORT_BAD_OUTPUT',
          /edges\.csv: line 1/,
        );
        await expectError(
          addRun(store, out, { org: 'org-a', tlp: 'red', inputs: [join(dir, 'nope.csv')] }),
          'ERR_IO',
          /nope\.csv: no such input file/,
        );
        assert.deepEqual(await store.listRuns(undefined), []);
      } finally {
        await made.dispose();
      }
    });
  });
}
