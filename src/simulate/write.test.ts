import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestStats, readAllPosts } from '../ingest/index.js';
import type { Post } from '../core/post.js';
import { isLockstepError } from '../core/errors.js';
import { simulate } from './simulate.js';
import { writeSimulation, formatTweetTime } from './write.js';
import { readTruth } from './truth.js';

async function readBack(path: string): Promise<{ posts: Post[]; stats: IngestStats }> {
  const stats = new IngestStats();
  const posts: Post[] = [];
  for await (const p of readAllPosts([path], {}, stats)) posts.push(p);
  return { posts, stats };
}

describe('writeSimulation', () => {
  it('writes a Twitter IO archive that the ingest reader reads back to the same posts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-sim-'));
    try {
      const res = await writeSimulation({ posts: 3000, seed: 5 }, dir);
      assert.equal(res.posts, 3000);
      const { posts, stats } = await readBack(res.files.posts);
      assert.equal(stats.skipped, 0);
      const original = [...simulate({ posts: 3000, seed: 5 }).posts];
      assert.equal(posts.length, original.length);
      for (let i = 0; i < posts.length; i++) {
        const [p, o] = [posts[i]!, original[i]!];
        assert.equal(p.id, o.id);
        assert.equal(p.account, o.account);
        assert.equal(p.time, Math.floor(o.time));
        assert.equal(p.isRepost, o.isRepost);
        assert.equal(p.repostOf, o.repostOf);
        assert.equal(p.text, o.text);
        assert.deepEqual([...p.hashtags].sort(), [...o.hashtags].sort());
        assert.deepEqual(p.domains, o.domains);
      }
      const truth = await readTruth(res.files.truth);
      assert.equal(truth.length, res.accounts);
      assert.equal(truth.filter((a) => a.campaign !== null).length, res.campaignAccounts);
      assert.deepEqual(
        truth.map((a) => a.scenarios),
        res.truth.accounts.map((a) => a.scenarios),
      );
      assert.ok(res.scenarioAccounts > 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes the QUT layout with Unix-second timestamps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-sim-'));
    try {
      const res = await writeSimulation({ posts: 1000, seed: 6, format: 'qut' }, dir);
      const { posts } = await readBack(res.files.posts);
      const original = [...simulate({ posts: 1000, seed: 6 }).posts];
      assert.equal(posts.length, 1000);
      assert.deepEqual(
        posts.map((p) => [p.account, p.time, p.repostOf]),
        original.map((p) => [p.account, Math.floor(p.time), p.repostOf]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes the IRA layout, which the sniffer recognises, with minute timestamps and flagged retweets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-sim-'));
    try {
      const res = await writeSimulation({ posts: 1000, seed: 6, format: 'ira' }, dir);
      const { posts, stats } = await readBack(res.files.posts);
      assert.equal(stats.skipped, 0);
      assert.equal(stats.toSummary().files[0]?.format, 'ira');
      const original = [...simulate({ posts: 1000, seed: 6 }).posts];
      assert.equal(posts.length, 1000);
      assert.deepEqual(
        posts.map((p) => [p.account, p.time, p.isRepost, p.id, p.profile?.screenName]),
        original.map((p) => [
          p.account,
          Math.floor(p.time / 60) * 60,
          p.isRepost,
          p.id,
          p.profile?.screenName,
        ]),
      );
      assert.ok(posts.some((p) => p.isRepost && p.repostOf === undefined && p.repostOfAccount !== undefined));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('formats tweet_time to the second or, like the archives, to the minute', () => {
    const t = Date.UTC(2024, 2, 4, 13, 5, 59) / 1000;
    assert.equal(formatTweetTime(t, 'second'), '2024-03-04 13:05:59');
    assert.equal(formatTweetTime(t, 'minute'), '2024-03-04 13:05');
  });

  it('fails with ERR_IO when the output directory cannot be created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-sim-'));
    try {
      await writeFile(join(dir, 'file'), 'x');
      await assert.rejects(writeSimulation({ posts: 10, seed: 1 }, join(dir, 'file', 'sub')), (e) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_IO');
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('readTruth rejects a file without the header or with a bad kind, naming the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-sim-'));
    try {
      await writeFile(join(dir, 'a.csv'), 'x,y\n1,2\n');
      await assert.rejects(readTruth(join(dir, 'a.csv')), /line 1/);
      await writeFile(join(dir, 'b.csv'), 'account,campaign,kind\n1,C1,retweet-ring\n2,C1,nonsense\n');
      await assert.rejects(readTruth(join(dir, 'b.csv')), /line 3/);
      // The older three-column layout still reads; a scenarios cell must be space-separated ids.
      await writeFile(join(dir, 'c.csv'), 'account,campaign,kind\n1,C1,retweet-ring\n2,,\n');
      assert.deepEqual(
        (await readTruth(join(dir, 'c.csv'))).map((a) => [a.account, a.campaign, a.scenarios]),
        [
          ['1', 'C1', []],
          ['2', null, []],
        ],
      );
      await writeFile(join(dir, 'd.csv'), 'account,campaign,kind,scenarios\n1,,,S1 S12\n2,,,S1;S2\n');
      await assert.rejects(readTruth(join(dir, 'd.csv')), /line 3/);
      await writeFile(join(dir, 'e.csv'), 'account,campaign,kind,scenarios\n1,,\n');
      await assert.rejects(readTruth(join(dir, 'e.csv')), /line 2/);
      await assert.rejects(
        readTruth(join(dir, 'missing.csv')),
        (e) => isLockstepError(e) && e.code === 'ERR_IO',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
