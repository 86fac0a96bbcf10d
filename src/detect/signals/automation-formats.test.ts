import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IngestStats, readAllPosts } from '../../ingest/index.js';
import { ActivityCollector } from './activity.js';
import { automationContext, automationScore } from './automation-score.js';

/** The automation terms that are available for at least one account of a fixture file. */
async function availableTerms(file: string): Promise<Set<string>> {
  const c = new ActivityCollector();
  for await (const p of readAllPosts([`src/ingest/fixtures/${file}`], {}, new IngestStats())) c.add(p);
  const accounts = [...c.accounts()];
  const context = automationContext(accounts);
  const out = new Set<string>();
  for (const a of accounts)
    for (const x of automationScore(a, context).contributions) if (x.available) out.add(x.signal);
  return out;
}

const PROFILE = [
  'follower-ratio',
  'followers',
  'account-age-at-first-post',
  'lifetime-posts-per-day',
  'default-avatar',
  'default-theme',
  'verified',
];

describe('automation terms each ingest format can feed (docs/DETECT.md)', () => {
  it('twitter-v1 carries the full profile', async () => {
    const got = await availableTerms('twitter-v1.jsonl');
    for (const t of [...PROFILE, 'handle-digits']) assert.ok(got.has(t), t);
  });

  it('twitter-io carries counts, creation date and descriptions, but no avatar, theme or verified flag', async () => {
    const got = await availableTerms('twitter-io.csv');
    for (const t of ['follower-ratio', 'followers', 'account-age-at-first-post', 'empty-description'])
      assert.ok(got.has(t), t);
    for (const t of ['default-avatar', 'default-theme', 'verified', 'lifetime-posts-per-day'])
      assert.ok(!got.has(t), t);
  });

  it('ira has counts but no creation date and no replies; qut has only the handle: absent terms add 0', async () => {
    const ira = await availableTerms('ira.csv');
    assert.ok(ira.has('followers') && !ira.has('account-age-at-first-post') && !ira.has('reply-ratio'));
    const qut = await availableTerms('qut.csv');
    for (const t of PROFILE) assert.ok(!qut.has(t), t);
    assert.ok(qut.has('handle-digits'));
  });
});
