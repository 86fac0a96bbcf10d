/**
 * Ingest speed on a Twitter information-operations archive CSV (all 31 columns, hashed user ids,
 * quoted tweet texts with commas, quotes and newlines, list cells, 30 % retweets). Generates the file
 * itself from a seeded generator, then reports, per stage, posts/s and MB/s by wall clock and by CPU
 * time of this process (CPU time is the fairer number on a shared machine):
 *
 *   plain read       createReadStream over the file, 1 MiB chunks, bytes counted (the I/O floor)
 *   tokenizer        CsvTokenizer only, every field boundary found, two fields decoded
 *   csv-parse        the `csv-parse` package on the same bytes (why the tokenizer is hand-written)
 *   readPostBatches  the full twitter-io reader: Posts with canonical URLs, domains, profile
 *   readPosts        the same through the per-post async generator
 *
 *   node --import tsx bench/ingest-speed.ts [N=1000000] [--gzip] [--keep] [--stage=NAME]
 *
 * Stages share one process, so later ones pay for earlier ones' heap; `--stage=readPostBatches` (or
 * any stage name) measures one stage alone in a fresh process.
 *
 * Target: ≥ 200k posts/s on one core (3M posts in ≤ 15 s). Note `uptime` beside the numbers.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { parse as csvParse } from 'csv-parse';
import { CsvTokenizer } from '../src/ingest/csv-tokenizer.js';
import type { CsvRecord } from '../src/ingest/csv-tokenizer.js';
import { IngestStats, readPostBatches, readPosts } from '../src/ingest/index.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const gzip = args.includes('--gzip');
const keep = args.includes('--keep');
/** `--stage=readPostBatches` runs one stage alone in this process (no other stage's heap garbage). */
const only = args.find((a) => a.startsWith('--stage='))?.slice('--stage='.length);
/** `--file=PATH` measures an existing file (e.g. one kept with --keep) instead of generating one. */
const given = args.find((a) => a.startsWith('--file='))?.slice('--file='.length);

// --- seeded generator (mulberry32) ---------------------------------------------------------------
let seed = 20181010;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hex = (n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
};

const ACCOUNTS = Array.from({ length: 20_000 }, () => hex(64));
// The archive writes each account's profile (as of suspension) identically on all its rows.
const PROFILE = new Map(
  ACCOUNTS.map((a) => [
    a,
    [
      csvCell(`Display, ${a.slice(0, 6)}`),
      a,
      pick(['Moscow', 'Санкт-Петербург', '', 'USA']),
      csvCell(`Patriot. News. "Truth". ${a.slice(0, 4)}`),
      '',
      String(Math.floor(rand() * 5000)),
      String(Math.floor(rand() * 2000)),
      `201${Math.floor(rand() * 9)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
      pick(['ru', 'en', 'es']),
    ].join(','),
  ]),
);
const TAGS = Array.from({ length: 2_000 }, (_, i) => `tag${i.toString(36)}`);
const HOSTS = Array.from({ length: 500 }, (_, i) => `news${i}.example${i % 7 === 0 ? '.co.uk' : '.com'}`);
const WORDS = 'the of and to in is for on that with breaking news vote election truth media people now'.split(
  ' ',
);
const HEADER =
  'tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,' +
  'user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,' +
  'tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,' +
  'is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,' +
  'retweet_count,hashtags,urls,user_mentions,poll_choices';

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function row(i: number): string {
  const user = pick(ACCOUNTS);
  const tags = rand() < 0.4 ? [pick(TAGS), pick(TAGS)] : rand() < 0.5 ? [pick(TAGS)] : [];
  const urls =
    rand() < 0.35 ? [`https://${pick(HOSTS)}/story/${Math.floor(rand() * 5000)}?utm_source=twitter`] : [];
  let text = Array.from({ length: 8 + Math.floor(rand() * 12) }, () => pick(WORDS)).join(' ');
  if (rand() < 0.2) text += ', "quoted" words';
  if (rand() < 0.05) text += '\nsecond line';
  text += tags.map((t) => ` #${t}`).join('') + urls.map(() => ' https://t.co/abcdefghij').join('');
  const isRt = rand() < 0.3;
  const target = pick(ACCOUNTS);
  if (isRt) text = `RT @${target.slice(0, 12)}: ${text}`;
  const minute = Math.floor(i / 50);
  const t = new Date(Date.UTC(2018, 0, 1) + minute * 60_000).toISOString();
  const time = `${t.slice(0, 10)} ${t.slice(11, 16)}`;
  return [
    String(900000000000000000 + i),
    user,
    PROFILE.get(user)!,
    'en',
    csvCell(text),
    time,
    'Twitter Web Client',
    '',
    '',
    '',
    isRt ? 'True' : 'False',
    isRt ? target : '',
    isRt ? String(800000000000000000 + Math.floor(rand() * i + 1)) : '',
    'absent',
    'absent',
    '0',
    '0',
    String(Math.floor(rand() * 10)),
    String(Math.floor(rand() * 10)),
    csvCell(tags.length ? `[${tags.join(', ')}]` : '[]'),
    csvCell(urls.length ? `['${urls.join("', '")}']` : '[]'),
    '[]',
    '',
  ].join(',');
}

async function generate(path: string): Promise<void> {
  const raw = createWriteStream(path);
  const gz = gzip ? createGzip({ level: 1 }) : undefined;
  if (gz) gz.pipe(raw);
  const out = gz ?? raw;
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(HEADER + '\n');
  let buf = '';
  for (let i = 0; i < N; i++) {
    buf += row(i) + '\n';
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  out.end();
  await once(raw, 'close');
}

// --- measurement ---------------------------------------------------------------------------------
interface Stage {
  stage: string;
  records: number;
  wallS: number;
  cpuS: number;
}
const results: Stage[] = [];

async function measure(stage: string, fn: () => Promise<number>): Promise<void> {
  if (only !== undefined && only !== stage) return;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const records = await fn();
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  results.push({ stage, records, wallS, cpuS: (c.user + c.system) / 1e6 });
}

const path = given ?? join(tmpdir(), `lockstep-ingest-bench-${process.pid}.csv${gzip ? '.gz' : ''}`);
if (given === undefined) {
  console.log(`generating ${N} twitter-io rows${gzip ? ' (gzip)' : ''} …`);
  await generate(path);
}
const bytes = statSync(path).size;
const mb = bytes / 1e6;
console.log(
  `file ${mb.toFixed(1)} MB on disk; load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

await measure('plain read', async () => {
  let n = 0;
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) n += (c as Buffer).length;
  return n > 0 ? N : 0;
});

if (!gzip) {
  await measure('tokenizer', async () => {
    const tok = new CsvTokenizer({ file: path });
    let n = -1;
    let x = 0;
    const cb = (r: CsvRecord): void => {
      n++;
      x += r.get(1).length + r.get(13).length;
    };
    for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) tok.push(c as Buffer, cb);
    tok.end(cb);
    return x > 0 ? n : 0;
  });

  await measure('csv-parse', async () => {
    let n = -1;
    const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
      csvParse({ relax_column_count: true }),
    );
    for await (const rec of parser) if ((rec as string[]).length > 0) n++;
    return n;
  });
}

await measure('readPostBatches', async () => {
  let n = 0;
  for await (const b of readPostBatches(path, { format: 'twitter-io' }, new IngestStats())) n += b.length;
  return n;
});

await measure('readPosts', async () => {
  let n = 0;
  for await (const p of readPosts(path, { format: 'twitter-io' }, new IngestStats())) if (p.account) n++;
  return n;
});

console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('| stage | records | wall s | cpu s | records/s (wall) | records/s (cpu) | MB/s (wall) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.stage} | ${r.records} | ${r.wallS.toFixed(2)} | ${r.cpuS.toFixed(2)} | ${Math.round(r.records / r.wallS)} | ` +
      `${Math.round(r.records / r.cpuS)} | ${(mb / r.wallS).toFixed(1)} |`,
  );
}
if (!keep && given === undefined) rmSync(path);
else if (keep) console.log(`kept ${path}`);
