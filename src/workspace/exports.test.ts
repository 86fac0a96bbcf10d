/**
 * The workspace's exports through the real app (SQLite, and PostgreSQL with LOCKSTEP_TEST_PG_URL): a
 * case as CSV (one row per account, read back with the report's CSV parser, formula cells defused) and
 * as a STIX bundle (every object valid per the OASIS schemas, the TLP asked for, not below the case's);
 * a run's graph as GEXF and as edge/node CSV (as many rows as the graph page has); a hidden run or
 * another org's case answers like an unknown one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../exchange/taxii/both-stores.js';
import { parseCsv } from '../report/csv.js';
import { buildApp } from '../server/app.js';
import { TLP2_IDS } from '../stix/tlp.js';
import { validateObjects } from '../stix/validate.js';
import { sharedPath } from '../test-helpers/shared-dir.js';
import { caseViewSchema } from './case-schema.js';
import { CASE_CSV_COLUMNS, EDGE_CSV_COLUMNS, NODE_CSV_COLUMNS, textCell } from './exports.js';
import { get, graphOf, login, prepareWorld, send, world } from './test-world.js';

process.env.LOCKSTEP_STIX_SCHEMAS ??= sharedPath('stix2-json-schemas', 'schemas');

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-exports-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('textCell', () => {
  it('defuses cells a spreadsheet would run, and only those', () => {
    assert.deepEqual(['=1+1', '+x', '-2', '@SUM(A1)', '\tx', 'plain', 'a=b', '', null].map(textCell), [
      "'=1+1",
      "'+x",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      'a=b',
      '',
      null,
    ]);
  });
});

for (const kind of storeKinds()) {
  describe(`workspace exports: ${kind.name}`, () => {
    it('exports a case as CSV and STIX, and a graph as GEXF and CSV', async () => {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        const runs = await world(made.store, dir, hashes);
        const [alice, carol] = [await login(app, 'alice'), await login(app, 'carol')];
        const opened = await send(app, alice, 'POST', '/api/cases', {
          runId: runs.aAmber,
          network: 'N1',
          title: '=HYPERLINK("x")',
        });
        assert.equal(opened.statusCode, 201, opened.body);
        const c = caseViewSchema.parse(opened.json());
        const url = `/api/cases/${c.case.id}`;
        const pinned = c.accounts[0]!.account;
        assert.equal(
          (await send(app, alice, 'POST', `${url}/pins`, { account: pinned, comment: '@me look' }))
            .statusCode,
          201,
        );

        const csv = await get(app, alice, `${url}/export.csv`);
        assert.equal(csv.statusCode, 200, csv.body);
        assert.match(
          String(csv.headers['content-disposition']),
          /attachment; filename="case-[0-9a-f]{16}\.csv"/,
        );
        const rows = parseCsv(csv.body);
        assert.deepEqual(rows[0], [...CASE_CSV_COLUMNS]);
        assert.equal(rows.length - 1, c.accounts.length);
        const byAccount = new Map(rows.slice(1).map((r) => [r[4], r]));
        const pinRow = byAccount.get(textCell(pinned)!)!;
        assert.deepEqual([pinRow[1], pinRow[6], pinRow[11]], ['\'=HYPERLINK("x")', 'true', "'@me look"]);

        const stix = await get(app, alice, `${url}/export.stix.json?tlp=red`);
        assert.equal(stix.statusCode, 200, stix.body);
        const bundle = stix.json<{ type: string; objects: Record<string, unknown>[] }>();
        assert.equal(bundle.type, 'bundle');
        for (const r of validateObjects(bundle.objects)) assert.deepEqual(r.errors, [], r.id);
        for (const o of bundle.objects)
          if (o.type !== 'marking-definition') assert.deepEqual(o.object_marking_refs, [TLP2_IDS.red]);
        assert.equal(bundle.objects.filter((o) => o.type === 'indicator').length >= c.accounts.length, true);
        assert.equal((await get(app, alice, `${url}/export.stix.json?tlp=green`)).statusCode, 422);
        assert.equal((await get(app, alice, `${url}/export.stix.json?tlp=purple`)).statusCode, 422);
        assert.equal((await get(app, carol, `${url}/export.csv`)).statusCode, 404);
        assert.equal((await get(app, carol, `${url}/export.stix.json`)).statusCode, 404);

        const page = graphOf((await get(app, alice, `/api/runs/${runs.aAmber}/graph`)).json());
        const gexf = await get(app, alice, `/api/runs/${runs.aAmber}/graph.gexf`);
        assert.equal(gexf.statusCode, 200, gexf.body);
        assert.match(gexf.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<gexf /);
        assert.equal(gexf.body.match(/<node /g)?.length, page.nodes.length);
        assert.equal(gexf.body.match(/<edge /g)?.length, page.edges.length);
        assert.doesNotMatch(gexf.body, /<b>/, 'labels are escaped');
        const edges = parseCsv((await get(app, alice, `/api/runs/${runs.aAmber}/graph.csv`)).body);
        assert.deepEqual(edges[0], [...EDGE_CSV_COLUMNS]);
        assert.equal(edges.length - 1, page.edges.length);
        const nodes = parseCsv((await get(app, alice, `/api/runs/${runs.aAmber}/graph.csv?what=nodes`)).body);
        assert.deepEqual(nodes[0], [...NODE_CSV_COLUMNS]);
        assert.equal(nodes.length - 1, page.nodes.length);
        assert.equal((await get(app, alice, `/api/runs/${runs.aAmber}/graph.csv?what=x`)).statusCode, 422);
        // Carol may not see org A's run: the same 404 as for an unknown run.
        const hidden = await get(app, carol, `/api/runs/${runs.aAmber}/graph.gexf`);
        const unknown = await get(app, carol, `/api/runs/run-0000000000000000/graph.gexf`);
        assert.deepEqual([hidden.statusCode, hidden.body], [404, unknown.body]);
        assert.equal((await get(app, undefined, `/api/runs/${runs.aAmber}/graph.csv`)).statusCode, 401);
      } finally {
        await app.close();
        await made.dispose();
      }
    });
  });
}
