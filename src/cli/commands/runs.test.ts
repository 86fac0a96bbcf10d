import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeDetectionOutput } from '../../report/write-output.js';
import { makeResult } from '../../report/test-helpers/result-factory.js';
import { cli } from '../test-helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-runs-cli-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lockstep runs', () => {
  it('adds a detect folder to the org of a one-org store and lists it', async () => {
    const db = join(dir, 'one.db');
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        apiRoots: [{ name: 'r', title: 'R', default: true }],
        orgs: [{ id: 'org-a', name: 'A' }],
        users: [],
        collections: [],
        grants: [],
      }),
    );
    assert.equal((await cli(['taxii-admin', 'apply-config', '--db', db, '--config', config])).code, 0);
    const out = join(dir, 'out');
    await writeDetectionOutput(makeResult({ networks: 1, size: 3 }), out);
    const add = await cli(['runs', 'add', out, '--db', db, '--tlp', 'green', '--title', 'Test run']);
    assert.equal(add.code, 0, add.err);
    assert.match(add.out, /^added run-[0-9a-f]{16}: Test run — \d+ posts, 4 accounts, 1 networks, 3 edges/);
    const list = await cli(['runs', 'list', '--db', db]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /run-[0-9a-f]{16}\torg-a\tTLP:GREEN\t.*\tTest run\n$/);
    const badTlp = await cli(['runs', 'add', out, '--db', db, '--tlp', 'purple']);
    assert.notEqual(badTlp.code, 0);
    assert.match(badTlp.err, /--tlp must be one of clear, green, amber, amber\+strict, red, got "purple"/);
  });
});
