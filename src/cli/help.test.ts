/** The help a first-time user reads: required options marked, defaults shown, the real variable names. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './test-helpers/run-cli.js';

const help = async (...args: string[]): Promise<string> => {
  const r = await cli([...args, '--help']);
  assert.equal(r.code, 0, r.err);
  return r.out.replace(/\s+/g, ' ');
};

describe('help', () => {
  it('detect shows every default and marks --out required', async () => {
    const h = await help('detect');
    assert.match(h, /--window <s> .*\(default: 1800 in lockstep mode, 10 in coortweet mode\)/);
    assert.match(
      h,
      /--min-participation <n> fewest co-actions of an account pair in one behaviour .*\(default: 2\)/,
    );
    assert.match(h, /--fdr <q> .*\(default: 0\.05\)/);
    assert.match(h, /--seed <n> .*\(default: 1\)/);
    assert.match(h, /--out <dir> output directory \(required\)/);
  });

  it('detect with no arguments names the missing input first', async () => {
    const r = await cli(['detect']);
    assert.equal(r.code, 64);
    assert.match(r.err, /^error: missing required argument 'input'/);
  });

  it('marks commander-required options in every command', async () => {
    assert.match(await help('simulate'), /--posts <n> number of posts to generate \(required\)/);
    assert.match(await help('watch'), /--protect <file> .*\(required\)/);
  });

  it('export names its input folder; pull and sync name the real password variables', async () => {
    assert.match(await help('export'), /--stix <detect-output-dir> the detect output folder to read/);
    assert.match(await help('pull'), /LOCKSTEP_TAXII_PASSWORD/);
    const sync = await help('sync');
    assert.match(sync, /LOCKSTEP_FROM_PASSWORD/);
    assert.match(sync, /LOCKSTEP_TO_PASSWORD/);
    assert.doesNotMatch(sync + (await help('pull')), /LOCKSTEP_…/);
  });

  it('simulate explains why detect reads fewer accounts than it reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-sim-'));
    try {
      const r = await cli(['simulate', '--posts', '300', '--out', dir]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^simulated 300 posts from a population of [\d,]+ accounts;/);
      assert.match(
        r.out,
        /those that never post in the period are not in posts\.csv\.gz, so detect reads fewer/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
