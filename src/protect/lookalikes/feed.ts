/**
 * Readers for the watch feed: a newline list of names, a certificate-transparency JSON-lines feed
 * (certstream's `{"message_type":"certificate_update","data":{"leaf_cert":{"all_domains":[…]}}}`), or
 * a DNS master (zone) file per RFC 1035 §5.1 (owner names; `$ORIGIN`, `@`, relative names, blank
 * owners, parentheses and `;` comments). The format is sniffed from the first meaningful line.
 * Bad lines never stop the stream: they come out as `skip` items with their line number.
 * Cost: O(bytes); one JSON.parse per JSON line; one await per 64 KiB chunk (readFeedBatches).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export type FeedFormat = 'list' | 'certstream' | 'zone';
export type FeedItem =
  | { readonly kind: 'name'; readonly name: string; readonly line: number }
  | { readonly kind: 'skip'; readonly line: number; readonly reason: string }
  | { readonly kind: 'ignored'; readonly line: number };

export function sniffFormat(firstLine: string): FeedFormat {
  const t = firstLine.trim();
  if (t.startsWith('{')) return 'certstream';
  if (/^\$(ORIGIN|TTL|INCLUDE)\b/i.test(t) || /\s(IN\s+)?(SOA|NS|A|AAAA|CNAME|MX|TXT)\s/i.test(` ${t} `))
    return 'zone';
  return 'list';
}

/**
 * Lines of a text stream, a chunk's worth at a time (one await per chunk, not per line). Line
 * breaks are CRLF, LF or a lone CR, as node:readline counts them; a CR at the end of a chunk waits
 * for the next chunk so a CRLF split across chunks still counts as one break.
 */
async function* lineBatches(input: AsyncIterable<string | Buffer>): AsyncGenerator<string[]> {
  let carry = '';
  for await (const chunk of input) {
    let text = carry + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let held = '';
    if (text.endsWith('\r')) {
      held = '\r';
      text = text.slice(0, -1);
    }
    const lines = text.split(/\r\n|\r|\n/);
    carry = lines.pop()! + held;
    if (lines.length > 0) yield lines;
  }
  if (carry.endsWith('\r')) carry = carry.slice(0, -1);
  if (carry !== '') yield [carry];
}

/**
 * Reads a feed from a file path or a stream (stdin), one array of items per chunk read: the fast
 * interface (runWatch uses it). {@link readFeed} yields the same items one by one.
 */
export async function* readFeedBatches(
  source: string | Readable,
  format?: FeedFormat,
): AsyncGenerator<FeedItem[]> {
  const input =
    typeof source === 'string'
      ? createReadStream(source, { encoding: 'utf8', highWaterMark: 1 << 16 })
      : source;
  let fmt = format;
  let n = 0;
  const zone = { origin: '', owner: '', depth: 0 };
  for await (const lines of lineBatches(input as AsyncIterable<string | Buffer>)) {
    const batch: FeedItem[] = [];
    for (const line of lines) {
      n++;
      const t = line.trim();
      if (t === '' || t.startsWith('#') || (fmt !== 'certstream' && t.startsWith(';'))) continue;
      fmt ??= sniffFormat(t);
      if (fmt === 'list') batch.push({ kind: 'name', name: t, line: n });
      else if (fmt === 'certstream') for (const item of certstreamLine(t, n)) batch.push(item);
      else for (const item of zoneLine(line, n, zone)) batch.push(item);
    }
    if (batch.length > 0) yield batch;
  }
}

/** Reads a feed from a file path or a stream (stdin). */
export async function* readFeed(source: string | Readable, format?: FeedFormat): AsyncGenerator<FeedItem> {
  for await (const batch of readFeedBatches(source, format)) yield* batch;
}

function* certstreamLine(t: string, n: number): Generator<FeedItem> {
  let msg: unknown;
  try {
    msg = JSON.parse(t);
  } catch {
    yield { kind: 'skip', line: n, reason: 'not JSON' };
    return;
  }
  if (typeof msg !== 'object' || msg === null) {
    yield { kind: 'skip', line: n, reason: 'not a JSON object' };
    return;
  }
  const m = msg as { message_type?: unknown; data?: { leaf_cert?: { all_domains?: unknown } } };
  if (m.message_type !== 'certificate_update') {
    yield { kind: 'ignored', line: n }; // heartbeats and other message types
    return;
  }
  const all = m.data?.leaf_cert?.all_domains;
  if (!Array.isArray(all)) {
    yield { kind: 'skip', line: n, reason: 'certificate_update without data.leaf_cert.all_domains[]' };
    return;
  }
  for (const d of all) {
    if (typeof d === 'string') yield { kind: 'name', name: d, line: n };
    else yield { kind: 'skip', line: n, reason: 'all_domains entry is not a string' };
  }
}

const CLASSES = new Set(['in', 'ch', 'hs', 'cs']);
const TYPES = new Set(
  'a aaaa ns cname soa mx txt ptr srv caa ds dnskey rrsig nsec nsec3 nsec3param https svcb naptr hinfo spf tlsa sshfp loc cds cdnskey'.split(
    ' ',
  ),
);

function absolute(name: string, origin: string): string {
  if (name === '@') return origin;
  if (name.endsWith('.')) return name.slice(0, -1);
  return origin ? `${name}.${origin}` : name;
}

function* zoneLine(
  raw: string,
  n: number,
  z: { origin: string; owner: string; depth: number },
): Generator<FeedItem> {
  const line = raw.replace(/;.*$/, '');
  const wasInParens = z.depth > 0;
  for (const ch of line) {
    if (ch === '(') z.depth++;
    else if (ch === ')') z.depth = Math.max(0, z.depth - 1);
  }
  if (wasInParens || line.trim() === '') return; // continuation of a multi-line record
  const tokens = line.trim().split(/\s+/);
  const first = tokens[0]!;
  if (first.startsWith('$')) {
    const dir = first.toUpperCase();
    if (dir === '$ORIGIN') {
      if (!tokens[1]) yield { kind: 'skip', line: n, reason: '$ORIGIN without a name' };
      else z.origin = absolute(tokens[1].toLowerCase(), z.origin);
    }
    return;
  }
  let owner: string;
  if (/^\s/.test(line)) {
    if (!z.owner) {
      yield { kind: 'skip', line: n, reason: 'record without an owner name' };
      return;
    }
    owner = z.owner;
  } else {
    const rest = tokens.slice(1).map((x) => x.toLowerCase());
    const hasType = rest.some((x) => TYPES.has(x));
    if (!hasType && !CLASSES.has(rest[0] ?? '')) {
      yield { kind: 'skip', line: n, reason: 'not a resource record (no record type)' };
      return;
    }
    owner = absolute(first.toLowerCase(), z.origin);
    if (owner === z.owner) return;
  }
  if (owner !== z.owner) {
    z.owner = owner;
    yield { kind: 'name', name: owner, line: n };
  }
}
