import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEHAVIOURS } from '../../core/behaviour.js';
import { LockstepError } from '../../core/errors.js';
import { collectActions } from '../../detect/engine/actions.js';
import { detect, type DetectOptions } from '../../detect/index.js';
import { IngestStats, readAllPosts, type IngestOptions } from '../../ingest/index.js';
import { workerPostSource } from './worker-source.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'ingest', 'fixtures');
const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'samples', 'demo', 'posts.csv.gz');

/** The same run read in the main thread and through the worker: everything but timings must agree. */
async function both(paths: string[], ingest: IngestOptions, options: DetectOptions = {}) {
  const stats = new IngestStats();
  const inThread = await detect(readAllPosts(paths, ingest, stats), { ...options, parallel: false });
  const source = workerPostSource(paths, ingest, 2);
  // Both worker threads: reading, and co-similar beside the other behaviours.
  const viaWorker = await detect(source, { ...options, parallel: true });
  return { inThread, viaWorker, stats: stats.toSummary(), workerStats: source.summary() };
}

describe('workerPostSource (reading in a worker thread)', () => {
  it('gives the same edges, accounts and networks as one thread on the demo sample', async () => {
    const { inThread, viaWorker, stats, workerStats } = await both([SAMPLE], {});
    assert.ok(inThread.edges.length > 40, 'the sample has coordination to find');
    assert.deepEqual(viaWorker.edges, inThread.edges);
    assert.deepEqual(viaWorker.accounts, inThread.accounts);
    assert.deepEqual(
      viaWorker.networks.map((n) => [n.id, n.members, n.score]),
      inThread.networks.map((n) => [n.id, n.members, n.score]),
    );
    assert.deepEqual(workerStats, stats);
    assert.equal(stats.posts, 30_000);
  });

  for (const [file, format] of [
    ['ira.csv', 'ira'],
    ['ira-author.csv', 'ira'],
    ['twitter-v1.jsonl', 'twitter-v1'],
    ['twitter-v2.jsonl', 'twitter-v2'],
    ['twitter-io.csv', 'twitter-io'],
    ['qut.csv', 'qut'],
    ['qut-cases.csv', 'qut'],
  ] as const) {
    // Both modes: in lockstep mode a twitter-io row view is asked for fewer fields (engine/post-batch.ts).
    for (const repostsOnlyRetweet of [false, true])
      it(`builds the same columns and action tables as the main thread on ${file}, skips counted alike${repostsOnlyRetweet ? ' (lockstep mode)' : ''}`, async () => {
        const path = join(FIXTURES, file);
        const options = { behaviours: BEHAVIOURS, internPostIds: true, repostsOnlyRetweet };
        const stats = new IngestStats();
        const inThread = await collectActions(readAllPosts([path], { format }, stats), options);
        // One parse worker: the read worker of every machine below 4 cores (read/read-worker.ts).
        const source = workerPostSource([path], { format }, 1, 1);
        const viaWorker = await collectActions(source, options);
        assert.ok(inThread.columns.count > 0);
        assert.ok(
          inThread.tables.some((t) => t.object.length > 0),
          'some behaviour has actions',
        );
        const plain = (r: typeof inThread) => ({
          ...r.columns,
          accounts: r.columns.accounts.strings,
          ids: r.columns.ids.toArray(),
          postIds: r.columns.postIds.strings,
          originalTexts: r.columns.originalTexts.strings,
          tables: r.tables.map((t) => ({ ...t, objects: t.objects.strings })),
        });
        assert.deepEqual(plain(viaWorker), plain(inThread));
        assert.deepEqual(source.summary(), stats.toSummary());
      });
  }

  it('rethrows a malformed file as the same LockstepError, naming file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-read-'));
    try {
      const bad = join(dir, 'bad.csv');
      await writeFile(bad, 'tweetid,userid,tweet_time\n1,a,2024-01-01 00:00\n2,"b,2024-01-01 00:01\n');
      const inThread = await detect(readAllPosts([bad], { format: 'twitter-io' }, new IngestStats())).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(inThread instanceof LockstepError);
      await assert.rejects(detect(workerPostSource([bad], { format: 'twitter-io' })), (e: unknown) => {
        assert.ok(e instanceof LockstepError);
        assert.equal(e.code, inThread.code);
        assert.equal(e.message, inThread.message);
        assert.deepEqual(e.details, inThread.details);
        assert.match(e.message, /bad\.csv/);
        return true;
      });
      await assert.rejects(
        detect(workerPostSource([join(dir, 'missing.csv')], {})),
        (e: unknown) => e instanceof LockstepError && e.code === 'ERR_IO' && /missing\.csv/.test(e.message),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops the worker when the consumer stops early', async () => {
    const source = workerPostSource([SAMPLE], {}, 1);
    const stream = source.open({ fields: ['co-hashtag'], onlyRetweet: true });
    let batches = 0;
    for await (const m of stream) {
      assert.ok(m.kind === 'batch' || m.kind === 'interned', m.kind);
      if (++batches === 2) break;
    }
    assert.equal(batches, 2);
    assert.equal(source.summary(), undefined, 'no summary before the end of the input');
  });
});
