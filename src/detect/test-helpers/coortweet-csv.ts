/**
 * Test helper: reads the two CooRTweet example data sets (test-data/coortweet, unpacked by test-helpers/shared-dir.ts) into Posts the
 * way the ingest readers map them (CooRTweet long format → Post{id: content_id, repostOf: object_id};
 * german_elections → one Post per row with the raw ids in urls/hashtags/domains/images), plus the raw
 * rows for the naive reference. Only for tests and benches until src/ingest lands.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Post } from '../../core/post.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';

const na = (s: string | undefined): string | undefined =>
  s === undefined || s === '' || s === 'NA' ? undefined : s;

function rows(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(`${coortweetDir()}/${file}`, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
}

export function russianPosts(): Post[] {
  return rows('russian_coord_tweets.csv').map((r, i) => ({
    id: na(r.content_id),
    account: r.account_id!,
    time: Number(r.timestamp_share),
    isRepost: true,
    repostOf: na(r.object_id),
    hashtags: [],
    mentions: [],
    urls: [],
    domains: [],
    images: [],
    source: { file: 'russian_coord_tweets.csv', line: i + 2 },
  }));
}

export function germanPosts(): Post[] {
  const list = (s: string | undefined): string[] => (na(s) === undefined ? [] : [s!]);
  return rows('german_elections.csv').map((r, i) => ({
    id: na(r.post_id),
    account: r.account_id!,
    time: Number(r.timestamp),
    isRepost: false,
    urls: list(r.url_id),
    hashtags: list(r.hashtag_id),
    domains: list(r.domain_id),
    images: list(r.phash_id),
    mentions: [],
    platform: r.account_id!.startsWith('fb_') ? 'facebook' : 'twitter',
    source: { file: 'german_elections.csv', line: i + 2 },
  }));
}

/** A CooRTweet input row: what `detect_groups` sees. */
export interface CtRow {
  object: string;
  account: string;
  content: string | undefined;
  time: number;
}

export function russianRows(): CtRow[] {
  return rows('russian_coord_tweets.csv').map((r) => ({
    object: r.object_id!,
    account: r.account_id!,
    content: na(r.content_id),
    time: Number(r.timestamp_share),
  }));
}

export const GERMAN_COLUMNS = {
  'co-link': 'url_id',
  'co-hashtag': 'hashtag_id',
  'co-domain': 'domain_id',
  'co-image': 'phash_id',
} as const;

/** german_elections rows for one object column: empty objects dropped, exact duplicates removed. */
export function germanRows(column: string): CtRow[] {
  const seen = new Set<string>();
  const out: CtRow[] = [];
  for (const r of rows('german_elections.csv')) {
    const object = na(r[column]);
    if (object === undefined) continue;
    const row = { object, account: r.account_id!, content: na(r.post_id), time: Number(r.timestamp) };
    const key = JSON.stringify(row);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  return out;
}
