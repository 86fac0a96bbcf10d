import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Post } from '../../core/post.js';
import type { IngestOptions } from '../options.js';
import { readPosts } from '../read.js';
import { IngestStats } from '../stats.js';
import { collect, tempFile } from '../test-helpers.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';

/** Independent oracle: the file's data lines split naively (these files have no quoted commas). */
function rawLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');
}

function split(line: string): string[] {
  return line.split(',').map((c) => c.replace(/^"|"$/g, ''));
}

/** Streams the posts (the files are large: no array of 200k posts kept). */
async function each(
  path: string,
  options: IngestOptions,
  fn: (p: Post, i: number) => void,
): Promise<IngestStats> {
  const stats = new IngestStats();
  let i = 0;
  for await (const p of readPosts(path, options, stats)) fn(p, i++);
  return stats;
}

describe('coortweet reader', () => {
  it('reads russian_coord_tweets.csv: one repost per row, in file order', async () => {
    const path = join(coortweetDir(), 'russian_coord_tweets.csv');
    const lines = rawLines(path);
    const accounts = new Set<string>();
    let n = 0;
    const stats = await each(path, {}, (p, i) => {
      n++;
      const [object, account, content, ts] = split(lines[i] ?? '');
      accounts.add(account!);
      if (
        p.account !== account ||
        p.repostOf !== object ||
        p.id !== content ||
        p.time !== Number(ts) ||
        !p.isRepost
      ) {
        assert.fail(`row ${i + 2} differs: ${JSON.stringify(p)}`);
      }
    });
    const s = stats.toSummary();
    assert.equal(s.files[0]!.format, 'coortweet');
    assert.equal(n, lines.length);
    assert.equal(s.skipped, 0);
    assert.equal(s.accounts, accounts.size);
  });

  it('reads german_elections.csv: raw object ids, platform from the prefix, no merging', async () => {
    const path = join(coortweetDir(), 'german_elections.csv');
    const lines = rawLines(path);
    const accounts = new Set<string>();
    let n = 0;
    const counts = { urls: 0, hashtags: 0, domains: 0, images: 0, facebook: 0, twitter: 0 };
    const stats = await each(path, { format: 'coortweet' }, (p, i) => {
      n++;
      const [account, post, url, tag, domain, phash, ts] = split(lines[i] ?? '');
      accounts.add(account!);
      const same = (list: string[], v: string | undefined): boolean =>
        v === undefined || v === '' || v === 'NA' ? list.length === 0 : list.length === 1 && list[0] === v;
      const ok =
        p.account === account &&
        p.id === (post === '' ? undefined : post) &&
        p.time === Number(ts) &&
        same(p.urls, url) &&
        same(p.hashtags, tag) &&
        same(p.domains, domain) &&
        same(p.images, phash) &&
        p.platform === (account.startsWith('fb_') ? 'facebook' : 'twitter');
      if (!ok) assert.fail(`row ${i + 2} differs: ${JSON.stringify(p)}`);
      counts.urls += p.urls.length;
      counts.hashtags += p.hashtags.length;
      counts.domains += p.domains.length;
      counts.images += p.images.length;
      counts[p.platform as 'facebook' | 'twitter']++;
    });
    assert.equal(n, lines.length);
    assert.equal(stats.toSummary().accounts, accounts.size);
    // Totals published in SOURCE.txt.
    assert.deepEqual(counts, {
      urls: 50785,
      hashtags: 51194,
      domains: 73214,
      images: 20068,
      facebook: 81569,
      twitter: 137402,
    });
  });

  it('leaves NA and empty cells undefined and skips rows without account or time', async () => {
    const path = tempFile(
      'na.csv',
      '"object_id","account_id","content_id","timestamp_share"\n' +
        'NA,"a1","c1",1623881091\n' +
        '"o1","a2",NA,1623881092\n' +
        '"o1",NA,"c3",1623881093\n' +
        '"o1","a4","c4",NA\n',
    );
    const { posts, stats } = await collect(path);
    assert.equal(posts.length, 2);
    assert.equal(posts[0]!.repostOf, undefined);
    assert.equal(posts[1]!.id, undefined);
    assert.deepEqual(
      stats.toSummary().skippedExamples.map((e) => [e.line, e.reason]),
      [
        [4, 'missing account_id'],
        [5, 'missing timestamp_share'],
      ],
    );
  });
});
