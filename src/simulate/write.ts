/**
 * Writes a simulation to disk: `posts.csv.gz` in the Twitter/X information-operations archive layout
 * (or the QUT coordination-network-toolkit layout with `format: 'qut'`, or the FiveThirtyEight IRA
 * troll-tweet layout with `format: 'ira'`, minute timestamps `M/D/YYYY H:MM`) and `truth.csv`
 * (`account,campaign,kind,scenarios`) plus `campaigns.csv` (`campaign,kind,members`) and
 * `scenarios.csv` (`scenario,kind,members`: the hard negatives).
 *
 * Timestamps: the real IO archives give `tweet_time` to the minute, which blurs co-actions seconds
 * apart; by default we write `YYYY-MM-DD HH:MM:SS` (the ingest reader parses both), and
 * `timeResolution: 'minute'` reproduces the archive exactly. QUT's timestamp is Unix seconds.
 *
 * Cost: streaming — rows are batched into ~1 MB strings and written through gzip (level 1 by default; zlib runs
 * on libuv's thread pool, so compression overlaps generation), memory stays flat.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Post } from '../core/post.js';
import { LockstepError } from '../core/errors.js';
import { simulate, type GroundTruth, type SimulateOptions } from './simulate.js';
import { csvCell } from './csv-cell.js';

export type SimulationFormat = 'twitter-io' | 'qut' | 'ira';

export interface WriteSimulationOptions extends SimulateOptions {
  format?: SimulationFormat;
  /** 'second' (default) or 'minute' (exactly the archive's `YYYY-MM-DD HH:MM`); twitter-io only. */
  timeResolution?: 'second' | 'minute';
  /** gzip level 1–9 (default 1: gzip is the bottleneck of writing; the bundled sample uses 9). */
  gzipLevel?: number;
  /** Called every 10 000 posts with the count so far (progress bars). */
  onProgress?: (posts: number) => void;
}

export interface WriteSimulationResult {
  posts: number;
  accounts: number;
  campaigns: number;
  campaignAccounts: number;
  /** Hard-negative scenarios and the accounts taking part in at least one. */
  scenarios: number;
  scenarioAccounts: number;
  files: { posts: string; truth: string; campaigns: string; scenarios: string };
  truth: GroundTruth;
}

export const TWITTER_IO_COLUMNS = [
  'tweetid',
  'userid',
  'user_display_name',
  'user_screen_name',
  'user_reported_location',
  'user_profile_description',
  'user_profile_url',
  'follower_count',
  'following_count',
  'account_creation_date',
  'account_language',
  'tweet_language',
  'tweet_text',
  'tweet_time',
  'tweet_client_name',
  'in_reply_to_userid',
  'in_reply_to_tweetid',
  'quoted_tweet_tweetid',
  'is_retweet',
  'retweet_userid',
  'retweet_tweetid',
  'latitude',
  'longitude',
  'quote_count',
  'reply_count',
  'like_count',
  'retweet_count',
  'hashtags',
  'urls',
  'user_mentions',
  'poll_choices',
] as const;

export const QUT_COLUMNS = [
  'message_id',
  'user_id',
  'username',
  'repost_id',
  'reply_id',
  'message',
  'timestamp',
  'urls',
];

/** The FiveThirtyEight/Clemson IRA CSV's columns (IRAhandle_tweets_N.csv), in its order. */
export const IRA_COLUMNS = [
  'external_author_id',
  'author',
  'content',
  'region',
  'language',
  'publish_date',
  'harvested_date',
  'following',
  'followers',
  'updates',
  'post_type',
  'account_type',
  'retweet',
  'account_category',
  'new_june_2018',
  'alt_external_id',
  'tweet_id',
  'article_url',
  'tco1_step1',
  'tco2_step1',
  'tco3_step1',
];

const CLIENTS = ['Twitter Web App', 'Twitter for iPhone', 'Twitter for Android', 'TweetDeck'];

/** `YYYY-MM-DD HH:MM[:SS]` in UTC. */
export function formatTweetTime(t: number, resolution: 'second' | 'minute'): string {
  const iso = new Date(Math.floor(t) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, resolution === 'second' ? 19 : 16)}`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '[]' : `[${items.join(', ')}]`;
}

/** Per-minute cache of the `YYYY-MM-DD HH:MM` prefix: posts arrive in time order, so it mostly hits. */
let cachedMinute = NaN;
let cachedPrefix = '';
function fastTweetTime(t: number, resolution: 'second' | 'minute'): string {
  const s = Math.floor(t);
  const minute = Math.floor(s / 60);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedPrefix = formatTweetTime(minute * 60, 'minute');
  }
  if (resolution === 'minute') return cachedPrefix;
  const sec = s - minute * 60;
  return `${cachedPrefix}:${sec < 10 ? '0' : ''}${sec}`;
}

/** The profile cells of a row depend only on the account: formatted once per profile object. */
const profileCells = new WeakMap<object, string>();
function profileRow(p: Post): string {
  const pr = p.profile ?? {};
  let cells = profileCells.get(pr);
  if (cells === undefined) {
    cells = [
      csvCell(pr.displayName ?? ''),
      csvCell(pr.screenName ?? ''),
      csvCell(pr.location ?? ''),
      csvCell(pr.description ?? ''),
      '',
      String(pr.followers ?? 0),
      String(pr.following ?? 0),
      pr.createdAt === undefined ? '' : new Date(pr.createdAt * 1000).toISOString().slice(0, 10),
      pr.language ?? '',
    ].join(',');
    profileCells.set(pr, cells);
  }
  return cells;
}

function twitterIoRow(p: Post, resolution: 'second' | 'minute'): string {
  const pr = p.profile ?? {};
  const client = pr.description?.startsWith('Automated')
    ? 'FeedPoster'
    : CLIENTS[p.account.charCodeAt(p.account.length - 1) % 4]!;
  return [
    p.id ?? '',
    p.account,
    profileRow(p),
    p.lang ?? '',
    csvCell(p.text ?? ''),
    fastTweetTime(p.time, resolution),
    client,
    p.replyToAccount ?? '',
    p.replyTo ?? '',
    p.quoteOf ?? '',
    p.isRepost ? 'True' : 'False',
    p.repostOfAccount ?? '',
    p.repostOf ?? '',
    '',
    '',
    '0',
    '0',
    '0',
    '0',
    csvCell(list(p.hashtags)),
    csvCell(list(p.urls)),
    csvCell(list(p.mentions)),
    '',
  ].join(',');
}

function qutRow(p: Post): string {
  return [
    p.id ?? '',
    p.account,
    csvCell(p.profile?.screenName ?? ''),
    p.repostOf ?? '',
    p.replyTo ?? '',
    csvCell(p.text ?? ''),
    String(Math.floor(p.time)),
    csvCell(p.urls.join(' ')),
  ].join(',');
}

/** `M/D/YYYY H:MM` in UTC, as the IRA CSV writes publish_date (minutes only). */
function mdyTime(t: number): string {
  const d = new Date(Math.floor(t) * 1000);
  const mm = d.getUTCMinutes();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${mm < 10 ? '0' : ''}${mm}`;
}

/** Like the real export: retweets flagged (`retweet` 1, post_type RETWEET) without the target's id. */
function iraRow(p: Post): string {
  const pr = p.profile ?? {};
  return [
    p.account,
    csvCell(pr.screenName ?? ''),
    csvCell(p.text ?? ''),
    csvCell(pr.location ?? ''),
    p.lang === 'en' ? 'English' : (p.lang ?? ''),
    mdyTime(p.time),
    '',
    String(pr.following ?? 0),
    String(pr.followers ?? 0),
    String(pr.statuses ?? ''),
    p.isRepost ? 'RETWEET' : p.quoteOf !== undefined ? 'QUOTE_TWEET' : '',
    '',
    p.isRepost ? '1' : '0',
    '',
    '',
    p.account,
    p.id ?? '',
    p.id === undefined ? '' : `http://twitter.com/${p.account}/statuses/${p.id}`,
    csvCell(p.urls[0] ?? ''),
    csvCell(p.urls[1] ?? ''),
    csvCell(p.urls[2] ?? ''),
  ].join(',');
}

const WRITERS: Record<
  SimulationFormat,
  { header: readonly string[]; row: (p: Post, r: 'second' | 'minute') => string }
> = {
  'twitter-io': { header: TWITTER_IO_COLUMNS, row: twitterIoRow },
  qut: { header: QUT_COLUMNS, row: qutRow },
  ira: { header: IRA_COLUMNS, row: iraRow },
};

/**
 * Generates `options.posts` posts and writes them with the truth files into `outDir` (created).
 * @example await writeSimulation({ posts: 100_000, seed: 7 }, 'sim/') // sim/posts.csv.gz, sim/truth.csv
 */
export async function writeSimulation(
  options: WriteSimulationOptions,
  outDir: string,
): Promise<WriteSimulationResult> {
  const format = options.format ?? 'twitter-io';
  const resolution = options.timeResolution ?? 'second';
  const sim = simulate(options);
  const files = {
    posts: join(outDir, 'posts.csv.gz'),
    truth: join(outDir, 'truth.csv'),
    campaigns: join(outDir, 'campaigns.csv'),
    scenarios: join(outDir, 'scenarios.csv'),
  };
  try {
    await mkdir(outDir, { recursive: true });
    const gzip = createGzip({ level: options.gzipLevel ?? 1, chunkSize: 1 << 18 });
    const out = createWriteStream(files.posts);
    gzip.pipe(out);
    const finished = once(out, 'close');
    const writer = WRITERS[format];
    let buf = writer.header.join(',') + '\n';
    let n = 0;
    for (const p of sim.posts) {
      buf += writer.row(p, resolution) + '\n';
      n++;
      if (buf.length > 1 << 20) {
        if (!gzip.write(buf)) await once(gzip, 'drain');
        buf = '';
      }
      if (n % 10_000 === 0) options.onProgress?.(n);
    }
    gzip.end(buf);
    await finished;
    options.onProgress?.(n);

    const truthLines = ['account,campaign,kind,scenarios'];
    for (const a of sim.truth.accounts) {
      truthLines.push(`${a.account},${a.campaign ?? ''},${a.kind ?? ''},${a.scenarios.join(' ')}`);
    }
    await writeFile(files.truth, truthLines.join('\n') + '\n');
    const campaignLines = ['campaign,kind,members'];
    for (const c of sim.truth.campaigns) campaignLines.push(`${c.id},${c.kind},${c.members.join(' ')}`);
    await writeFile(files.campaigns, campaignLines.join('\n') + '\n');
    const scenarioLines = ['scenario,kind,members'];
    for (const s of sim.truth.scenarios) scenarioLines.push(`${s.id},${s.kind},${s.members.join(' ')}`);
    await writeFile(files.scenarios, scenarioLines.join('\n') + '\n');
    return {
      posts: n,
      accounts: sim.truth.accounts.length,
      campaigns: sim.truth.campaigns.length,
      campaignAccounts: sim.truth.accounts.filter((a) => a.campaign !== null).length,
      scenarios: sim.truth.scenarios.length,
      scenarioAccounts: sim.truth.accounts.filter((a) => a.scenarios.length > 0).length,
      files,
      truth: sim.truth,
    };
  } catch (e) {
    if (e instanceof LockstepError) throw e;
    throw new LockstepError(
      'ERR_IO',
      `cannot write the simulation to ${outDir}: ${(e as Error).message}`,
      { dir: outDir },
      { cause: e },
    );
  }
}
