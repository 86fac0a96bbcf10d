import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

// XMLValidator's suggested replacement (fast-xml-validator) is not installable here; it still works.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const validXml = (xml: string): boolean => XMLValidator.validate(xml) === true;
import { isLockstepError } from '../core/errors.js';
import { makeResult } from './test-helpers/result-factory.js';
import { writeDetectionOutput, OUTPUT_FILES } from './write-output.js';
import { readDetectionOutput } from './read-output.js';
import { networksFileSchema } from './networks-schema.js';
import { runFileSchema } from './run-json.js';
import { byteCompare, parseCsv } from './csv.js';
import { orderedEdges } from './edges-csv.js';

async function withDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-report-'));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('report outputs', () => {
  it('writes every documented file', async () => {
    await withDir(async (dir) => {
      const { files } = await writeDetectionOutput(makeResult(), dir);
      assert.deepEqual(
        files.map((f) => f.slice(dir.length + 1)),
        [...OUTPUT_FILES],
      );
      for (const f of files) assert.ok((await readFile(f, 'utf8')).length > 0, f);
    });
  });

  it('edges.csv: documented header, account_a < account_b by byte order, RFC 4180 rows', async () => {
    await withDir(async (dir) => {
      const r = makeResult();
      await writeDetectionOutput(r, dir);
      const rows = parseCsv(await readFile(join(dir, 'edges.csv'), 'utf8'));
      assert.equal(
        rows[0]!.join(','),
        'account_a,account_b,behaviour,weight,co_actions,objects,expected,p_value,q_value,first,last,test,observed,lag',
      );
      assert.equal(rows.length - 1, r.edges.length);
      for (const row of rows.slice(1)) {
        assert.equal(row.length, 14);
        assert.ok(byteCompare(row[0]!, row[1]!) < 0, `${row[0]} < ${row[1]}`);
        assert.match(row[9]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    });
  });

  it('byteCompare orders by code point, unlike < on UTF-16 units', () => {
    const [astral, bmp] = ['\u{1F600}', '\uFF01'];
    assert.ok(byteCompare(astral, bmp) > 0);
    assert.ok([astral, bmp].sort()[0] === astral, 'UTF-16 order puts the astral character first');
    assert.ok(byteCompare('a', 'ab') < 0);
    assert.equal(byteCompare('x', 'x'), 0);
  });

  it('accounts.csv: one row per account, flagged signal names and per-signal columns, quoting intact', async () => {
    await withDir(async (dir) => {
      const r = makeResult();
      await writeDetectionOutput(r, dir);
      const rows = parseCsv(await readFile(join(dir, 'accounts.csv'), 'utf8'));
      assert.equal(
        rows[0]!.join(','),
        'account,screen_name,network,score,posts,signals,automation,automation_top,automation_unavailable,' +
          'signal:cadence-regularity,signal:creation-burst,automation:followers,automation:verified',
      );
      assert.equal(rows.length - 1, r.accounts.length);
      const first = rows.find((x) => x[0] === 'acct-0-0')!;
      assert.equal(first[1], 'user,"0"\n<b>');
      assert.equal(first[5], 'creation-burst');
      assert.equal(first[10], 'true');
      const a = r.accounts.find((x) => x.account === 'acct-0-0')!.automation!;
      assert.equal(Number(first[6]), Number(a.score.toFixed(4)));
      assert.equal(first[7], 'followers +1.00');
      assert.equal(first[8], 'verified');
      assert.equal(first[11], '1', 'available term: its log-odds');
      assert.equal(first[12], '', 'unavailable term: empty, not 0');
      const none = rows.find((x) => x[0] === 'acct-0-4')!;
      assert.deepEqual(none.slice(6, 9), ['', '', ''], 'an account without a score has empty cells');
    });
  });

  it('networks.json: each member carries its automation score, each network the median', async () => {
    await withDir(async (dir) => {
      const r = makeResult();
      await writeDetectionOutput(r, dir);
      const nets = networksFileSchema.parse(JSON.parse(await readFile(join(dir, 'networks.json'), 'utf8')));
      const scores = r.accounts
        .filter((a) => a.network === 'N1' && a.automation)
        .map((a) => a.automation!.score)
        .sort((x, y) => x - y);
      assert.equal(scores.length, 4);
      assert.deepEqual(nets.networks[0]!.automation, {
        scored: 4,
        median: (scores[1]! + scores[2]!) / 2,
        likely_automated: scores.filter((x) => x >= 0.5).length,
      });
      const acc = nets.accounts.find((a) => a.account === 'acct-0-2')!; // 14 followers
      assert.equal(acc.automation!.contributions[0]!.log_odds, -0.5);
      assert.equal(nets.accounts.find((a) => a.account === 'acct-0-4')!.automation, null);
      const run = runFileSchema.parse(JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')));
      assert.deepEqual(run.automation, {
        model: 'test-model',
        prior: 0.1,
        scored: 12,
        unavailable: { followers: 0, verified: 12 },
      });
    });
  });

  it('the networks schema rejects an automation score out of range or an absent term that adds log-odds', async () => {
    await withDir(async (dir) => {
      await writeDetectionOutput(makeResult(), dir);
      const text = await readFile(join(dir, 'networks.json'), 'utf8');
      const file = JSON.parse(text) as { accounts: { automation: Record<string, unknown> | null }[] };
      const auto = file.accounts[0]!.automation!;
      const score = auto.score;
      auto.score = 1.5;
      assert.equal(networksFileSchema.safeParse(file).success, false);
      auto.score = 0.5;
      assert.match(JSON.stringify(networksFileSchema.safeParse(file).error?.issues), /score σ\(logit\)/);
      auto.score = score;
      assert.equal(networksFileSchema.safeParse(file).success, true);
      (auto.contributions as { log_odds: number }[])[1]!.log_odds = 0.3;
      const parsed = networksFileSchema.safeParse(file);
      assert.ok(!parsed.success);
      assert.match(JSON.stringify(parsed.error.issues), /unavailable contribution must add 0/);
      await writeFile(join(dir, 'networks.json'), JSON.stringify(file));
      await assert.rejects(readDetectionOutput(dir), /networks\.json: accounts\.0\.automation/);
    });
  });

  it('networks.json and run.json validate against their schemas', async () => {
    await withDir(async (dir) => {
      await writeDetectionOutput(makeResult({ networks: 4 }), dir);
      const nets = networksFileSchema.parse(JSON.parse(await readFile(join(dir, 'networks.json'), 'utf8')));
      assert.equal(nets.schema_version, 1);
      assert.equal(nets.networks.length, 4);
      const run = runFileSchema.parse(JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')));
      assert.equal(run.input.skippedExamples[0]!.line, 7);
      assert.ok('write report.html' in run.timings);
    });
  });

  it('the networks schema rejects a malformed file', () => {
    assert.equal(networksFileSchema.safeParse({ schema_version: 2 }).success, false);
    const ok = {
      schema_version: 1,
      lockstep_version: '0',
      generated_at: '2024-01-01T00:00:00.000Z',
      semantics: 'lockstep',
      networks: [],
      accounts: [],
    };
    assert.equal(networksFileSchema.safeParse(ok).success, true);
    assert.equal(networksFileSchema.safeParse({ ...ok, semantics: 'other' }).success, false);
  });

  it('graph.gexf is valid GEXF 1.3 XML with node attributes and weighted, typed edges', async () => {
    await withDir(async (dir) => {
      const r = makeResult();
      await writeDetectionOutput(r, dir);
      const xml = await readFile(join(dir, 'graph.gexf'), 'utf8');
      assert.ok(validXml(xml));
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
        gexf: {
          version: string;
          graph: { nodes: { node: { id: string }[] }; edges: { edge: { weight: string; kind: string }[] } };
        };
      };
      assert.equal(doc.gexf.version, '1.3');
      assert.equal(doc.gexf.graph.nodes.node.length, r.accounts.length - 1);
      assert.equal(doc.gexf.graph.edges.edge.length, r.edges.length);
      assert.ok(doc.gexf.graph.edges.edge.every((e) => Number(e.weight) > 0 && e.kind.startsWith('co-')));
    });
  });

  it('report.html is one self-contained file: no external URL, markup in data escaped', async () => {
    await withDir(async (dir) => {
      await writeDetectionOutput(makeResult(), dir);
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
      assert.doesNotMatch(html, /url\(\s*["']?(?:https?:)?\/\//i);
      assert.doesNotMatch(html, /<script>alert/);
      assert.equal(html.match(/<script>/g)?.length, 1);
      for (const id of ['N1', 'N2', 'N3']) assert.match(html, new RegExp(`id="${id}"`));
      assert.match(html, /<svg id="picture"/);
    });
  });

  it('report.html shows each member’s automation score with its contributions, escaped', async () => {
    await withDir(async (dir) => {
      await writeDetectionOutput(makeResult(), dir);
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      assert.match(html, /automation median <b>/);
      assert.match(html, /<b>followers<\/b> 14 followers, &quot;few&quot; &lt;b&gt;, ok/);
      assert.match(html, /Unavailable \(add 0\): verified\./);
    });
  });

  it('readDetectionOutput reads back what was written', async () => {
    await withDir(async (dir) => {
      const r = makeResult();
      await writeDetectionOutput(r, dir);
      const back = await readDetectionOutput(dir);
      assert.deepEqual(back.edges, orderedEdges(r.edges));
      assert.deepEqual(back.networks, r.networks);
      assert.deepEqual(back.accounts, r.accounts);
      assert.deepEqual(back.parameters, r.parameters);
      assert.deepEqual(back.input, r.input);
      assert.equal(back.lockstepVersion, r.lockstepVersion);
    });
  });

  it('readDetectionOutput names the file and line of a malformed output', async () => {
    await withDir(async (dir) => {
      await writeDetectionOutput(makeResult(), dir);
      const edges = await readFile(join(dir, 'edges.csv'), 'utf8');
      await writeFile(join(dir, 'edges.csv'), edges.replace(/co-retweet/, 'co-teleport'));
      await assert.rejects(readDetectionOutput(dir), (e) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_REPORT_BAD_OUTPUT');
        assert.match(e.message, /edges\.csv: line 2: unknown behaviour/);
        return true;
      });
      await writeFile(join(dir, 'networks.json'), '{"schema_version": 1}');
      await assert.rejects(readDetectionOutput(dir), /networks\.json/);
      await writeFile(join(dir, 'run.json'), 'not json');
      await assert.rejects(readDetectionOutput(dir), /run\.json: not valid JSON/);
      await assert.rejects(
        readDetectionOutput(join(dir, 'missing')),
        (e) => isLockstepError(e) && e.code === 'ERR_IO',
      );
    });
  });

  it('handles a run without networks or edges', async () => {
    await withDir(async (dir) => {
      const r = { ...makeResult(), edges: [], networks: [], accounts: [] };
      await writeDetectionOutput(r, dir);
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      assert.match(html, /No coordinated networks were found/);
      const back = await readDetectionOutput(dir);
      assert.equal(back.edges.length, 0);
      assert.ok(validXml(await readFile(join(dir, 'graph.gexf'), 'utf8')));
    });
  });
});
