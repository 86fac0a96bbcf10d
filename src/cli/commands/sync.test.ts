/** `lockstep pull`, `push` and `sync` in-process against two live demo servers on loopback. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-helpers/run-cli.js';
import { run } from '../main.js';
import { writeDetectionOutput } from '../../report/index.js';
import { detectionResult, network } from '../../stix/test-helpers/factories.js';
import { TLP2_IDS } from '../../stix/tlp.js';
import { DEMO_COLLECTIONS } from '../../exchange/demo.js';
import { indicator } from '../../server/test-helpers/taxii-factories.js';
import type { LiveServer } from '../../server/test-helpers/live-server.js';
import { liveDemo } from '../../server/test-helpers/live-server.js';

interface Bundle {
  objects: { id: string; type: string }[];
}

describe('lockstep pull / push / sync', () => {
  let a: LiveServer;
  let b: LiveServer;
  let dir: string;
  const alice = ['--user', 'alice', '--password', 'alice-password'];
  before(async () => {
    [a, b] = await Promise.all([liveDemo(), liveDemo()]);
    dir = await mkdtemp(join(tmpdir(), 'lockstep-sync-cli-'));
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('pull writes a bundle and, with --state, only what is new on the next run', async () => {
    const out = join(dir, 'pulled.json');
    const state = join(dir, 'pull-state.json');
    const args = [
      'pull',
      '--url',
      a.discoveryUrl,
      '--collection',
      'partner-feed',
      ...alice,
      '--state',
      state,
    ];
    const r = await cli([...args, '--out', out, '--limit', '3']);
    assert.equal(r.code, 0, r.err);
    const first = JSON.parse(await readFile(out, 'utf8')) as Bundle;
    assert.ok(first.objects.length > 3);
    assert.match(r.err, /pulled \d+ objects in \d+ page\(s\)/);
    const again = await cli([...args, '--out', out]);
    assert.equal(again.code, 0, again.err);
    assert.equal((JSON.parse(await readFile(out, 'utf8')) as Bundle).objects.length, 0);
    const notes = await cli([
      'pull',
      '--url',
      a.discoveryUrl,
      '--collection',
      'partner-feed',
      ...alice,
      '--type',
      'note',
    ]);
    assert.ok((JSON.parse(notes.out) as Bundle).objects.every((o) => o.type === 'note'));
  });

  it('push sends a bundle within the TLP ceiling and skips what is already there', async () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      objects: [
        indicator(7001, undefined, { object_marking_refs: [TLP2_IDS.green] }),
        indicator(7002, undefined, { object_marking_refs: [TLP2_IDS.red] }),
        indicator(7003, undefined, { object_marking_refs: [TLP2_IDS.amber] }),
      ],
    };
    const file = join(dir, 'bundle.json');
    await writeFile(file, JSON.stringify(bundle));
    const args = ['push', file, '--url', a.discoveryUrl, '--collection', 'shared', ...alice];
    const r = await cli(args);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 sent, 0 already there, 1 withheld by TLP/);
    const again = await cli([...args, '--max-tlp', 'green']);
    assert.match(again.out, /0 sent, 1 already there, 2 withheld by TLP/);
  });

  it('push exports a detect output folder to STIX and sends it', async () => {
    const out = join(dir, 'detect-out');
    await writeDetectionOutput(detectionResult([network('N1', ['11', '12', '13'])]), out);
    const r = await cli([
      'push',
      out,
      '--url',
      a.discoveryUrl,
      '--collection',
      'shared',
      ...alice,
      '--tlp',
      'green',
    ]);
    assert.equal(r.code, 0, r.err);
    const m = /(\d+) sent, 0 already there, 0 withheld/.exec(r.out);
    assert.ok(m && Number(m[1]) > 5, r.out);
  });

  it('push refuses a TLP change under the same id and modified and says why; --previous versions it (#10 defect 8)', async (t) => {
    const out = join(dir, 'detect-tlp');
    await writeDetectionOutput(detectionResult([network('N2', ['21', '22', '23'])]), out);
    const partner = await liveDemo();
    t.after(() => partner.close());
    const to = ['--url', partner.discoveryUrl, '--collection', 'shared', ...alice];
    const green = await cli(['push', out, ...to, '--tlp', 'green']);
    assert.equal(green.code, 0, green.err);
    const amber = await cli(['push', out, ...to, '--tlp', 'amber']);
    assert.equal(amber.code, 1);
    assert.match(amber.out, /: 1 sent, 0 already there, 0 withheld by TLP, [1-9]\d* failed/);
    assert.match(amber.err, /TLP:GREEN \(this copy is TLP:AMBER\).*export with --previous/);
    // With the earlier export as history the marking change is a new version, and it reaches B.
    const [g, a2] = [join(dir, 'green.json'), join(dir, 'amber.json')];
    assert.equal(await run(['export', '--stix', out, '--tlp', 'green', '--out', g]), 0);
    assert.equal(await run(['export', '--stix', out, '--tlp', 'amber', '--previous', g, '--out', a2]), 0);
    const again = await cli(['push', a2, ...to]);
    assert.match(again.out, /: [1-9]\d* sent/);
    // SCOs have no versions: their changed copies are refused with the way out, nothing else fails.
    assert.equal(again.code, 1);
    for (const line of again.err.trim().split('\n')) assert.match(line, /no versions: an SCO.*DELETE/);
    const pulled = join(dir, 'pulled-tlp.json');
    assert.equal((await cli(['pull', ...to, '--out', pulled])).code, 0);
    const objects = (JSON.parse(await readFile(pulled, 'utf8')) as { objects: Record<string, unknown>[] })
      .objects;
    const campaigns = objects.filter((o) => o.type === 'campaign');
    assert.equal(campaigns.length, 1);
    assert.deepEqual(campaigns[0]!.object_marking_refs, [TLP2_IDS.amber]);
  });

  it('sync copies A to B both ways and a second run sends nothing', async () => {
    const state = join(dir, 'sync-state.json');
    const args = [
      'sync',
      '--from',
      a.discoveryUrl,
      '--from-collection',
      'shared',
      '--from-user',
      'alice',
      '--from-password',
      'alice-password',
      '--to',
      b.discoveryUrl,
      '--to-collection',
      DEMO_COLLECTIONS.shared,
      '--to-user',
      'bob',
      '--to-password',
      'bob-password',
      '--state',
      state,
      '--two-way',
    ];
    const first = await cli(args);
    assert.equal(first.code, 0, first.err + first.out);
    const lines = first.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /sent [1-9]\d*/);
    const second = await cli(args);
    assert.equal(second.code, 0, second.err);
    for (const line of second.out.trim().split('\n')) assert.match(line, /sent 0,/);
    assert.ok(JSON.parse(await readFile(state, 'utf8')));
  });

  it('rejects bad options and reports unreachable servers with their exit codes', async () => {
    const bad = await cli([
      'sync',
      '--from',
      a.discoveryUrl,
      '--from-collection',
      'shared',
      '--to',
      b.discoveryUrl,
      '--to-collection',
      'shared',
      '--max-tlp',
      'red',
    ]);
    assert.equal(bad.code, 64);
    assert.match(bad.err, /ERR_USAGE/);
    const noPw = await cli(['pull', '--url', a.discoveryUrl, '--collection', 'shared', '--user', 'alice']);
    assert.equal(noPw.code, 64);
    assert.match(noPw.err, /LOCKSTEP_TAXII_PASSWORD/);
    const wrong = await cli([
      'pull',
      '--url',
      a.discoveryUrl,
      '--collection',
      'shared',
      '--user',
      'alice',
      '--password',
      'nope-nope',
    ]);
    assert.equal(wrong.code, 77);
    assert.doesNotMatch(wrong.err, /nope-nope/);
    const down = await cli([
      'pull',
      '--url',
      'http://127.0.0.1:9/taxii2/',
      '--collection',
      'x',
      ...alice,
      '--timeout',
      '2000',
      '--retries',
      '0',
    ]);
    assert.equal(down.code, 69, down.err);
    assert.match(down.err, /ERR_TAXII_REMOTE_UNREACHABLE/);
  });
});
