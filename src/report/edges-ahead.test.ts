/**
 * edges.csv and graph.gexf written ahead (edges-ahead.ts) are the bytes write-output.ts writes itself;
 * an earlier run's files stay until `finish`; `cancel` leaves no partial file; a writer started for
 * other edges than the result's is not used.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectionResult } from '../core/result.js';
import { makeResult } from './test-helpers/result-factory.js';
import { startEdgesAhead } from './edges-ahead.js';
import { writeDetectionOutput } from './write-output.js';

/** A result whose edges need quoting and escaping in both files. */
function result(): DetectionResult {
  const r = makeResult({ networks: 4, size: 6 });
  r.edges.push(
    {
      a: 'has,comma',
      b: 'has "quote" & <tag>',
      behaviour: 'co-link',
      weight: 1 / 3,
      coActions: 2,
      objects: 1,
      first: 1709542800.5,
      last: 1709546400,
    },
    {
      a: 'ünï',
      b: '😀',
      behaviour: 'co-similar',
      weight: 2,
      coActions: 1,
      objects: 1,
      first: 0,
      last: 1e-4,
      test: 'lag',
      observed: 5,
      lag: -30,
      qValue: 0.5,
    },
  );
  return r;
}

const FILES = ['edges.csv', 'graph.gexf'];

async function withDirs(f: (plain: string, ahead: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'lockstep-ahead-'));
  try {
    await f(join(root, 'plain'), join(root, 'ahead'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const partials = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((f) => f.endsWith('.partial'));

describe('edges written ahead', () => {
  it('are the bytes of the output stage’s own edges.csv and graph.gexf, with no partial file left', async () => {
    await withDirs(async (plain, aheadDir) => {
      const r = result();
      await writeDetectionOutput(r, plain);
      const ahead = startEdgesAhead(aheadDir, r.edges, 0);
      assert.ok(ahead);
      const { timings } = await writeDetectionOutput(r, aheadDir, { edgesAhead: ahead });
      for (const f of FILES)
        assert.equal(await readFile(join(aheadDir, f), 'utf8'), await readFile(join(plain, f), 'utf8'), f);
      assert.deepEqual(await partials(aheadDir), []);
      assert.ok(timings['write graph.gexf head (edges written ahead)'] !== undefined);
    });
  });

  it('leave an earlier run’s edges.csv until finish, and cancel removes what they wrote', async () => {
    await withDirs(async (_, dir) => {
      const r = result();
      await mkdir(dir);
      await writeFile(join(dir, 'edges.csv'), 'earlier run\n');
      // Cancelled at once (the worker may be starting or writing), and once it has written everything.
      for (const when of ['at once', 'once written']) {
        const ahead = startEdgesAhead(dir, r.edges, 0)!;
        if (when === 'once written')
          while (ahead.workerMs === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
        await ahead.cancel();
        assert.equal(await readFile(join(dir, 'edges.csv'), 'utf8'), 'earlier run\n', when);
        assert.deepEqual(await partials(dir), [], when);
      }
    });
  });

  it('are not used for a result with other edges: cancelled, and the files written as usual', async () => {
    await withDirs(async (plain, aheadDir) => {
      const r = result();
      await writeDetectionOutput(r, plain);
      const other = r.edges.slice(0, 3);
      const ahead = startEdgesAhead(aheadDir, other, 0);
      const { timings } = await writeDetectionOutput(r, aheadDir, { edgesAhead: ahead });
      for (const f of FILES)
        assert.equal(await readFile(join(aheadDir, f), 'utf8'), await readFile(join(plain, f), 'utf8'), f);
      assert.deepEqual(await partials(aheadDir), []);
      assert.equal(timings['write graph.gexf head (edges written ahead)'], undefined);
    });
  });

  it('report a failure in the worker as finish’s rejection', async () => {
    await withDirs(async (_, dir) => {
      const r = result();
      const ahead = startEdgesAhead(dir, r.edges, 0)!;
      while (ahead.workerMs === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      await rm(join(dir, 'graph.gexf.partial'));
      await assert.rejects(ahead.finish('<head/>'), /edges\.csv worker: .*ENOENT/);
      await ahead.cancel();
      assert.deepEqual(await partials(dir), []);
    });
  });

  it('start no worker below the threshold', () => {
    const r = result();
    assert.equal(startEdgesAhead(join(tmpdir(), 'never-created'), r.edges, r.edges.length + 1), undefined);
  });
});
