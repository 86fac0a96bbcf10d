/**
 * Readers for the watch feed: a newline list of names, a certificate-transparency JSON-lines feed
 * (certstream's `{"message_type":"certificate_update","data":{"leaf_cert":{"all_domains":[…]}}}`), or
 * a DNS master (zone) file per RFC 1035 §5.1 (owner names; `$ORIGIN`, `@`, relative names, blank
 * owners, parentheses and `;` comments). The format is sniffed from the first meaningful line.
 * Bad lines never stop the stream: they come out as `skip` items with their line number.
 * Cost: O(bytes); one JSON.parse per JSON line; one await per 64 KiB chunk; a list line costs one
 * string slice (lines.ts) and, through {@link FeedParser}, no object.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LineSplitter } from './lines.js';

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

/** Where a feed's items go, one call per item (no object per name on the hot path). */
export interface FeedSink {
  name(name: string, line: number): void;
  skip(line: number, reason: string): void;
  ignored(line: number): void;
}

/**
 * Turns the bytes of a feed into items for a sink, a chunk at a time, synchronously (callers await
 * only for chunks). Names are slices of their chunk (see lines.ts): copy one with `detach` to keep it.
 */
export class FeedParser {
  private readonly lines: LineSplitter;
  private fmt: FeedFormat | undefined;
  private readonly zone = { origin: '', owner: '', depth: 0 };

  constructor(
    private readonly sink: FeedSink,
    format?: FeedFormat,
  ) {
    this.fmt = format;
    this.lines = new LineSplitter((line, n) => {
      this.line(line, n);
    });
  }

  /** Lines seen so far. */
  get lineCount(): number {
    return this.lines.line;
  }

  push(chunk: Buffer | string): void {
    this.lines.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }

  end(): void {
    this.lines.end();
  }

  private line(line: string, n: number): void {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || (this.fmt !== 'certstream' && t.startsWith(';'))) return;
    this.fmt ??= sniffFormat(t);
    if (this.fmt === 'list') this.sink.name(t, n);
    else if (this.fmt === 'certstream') certstreamLine(t, n, this.sink);
    else zoneLine(line, n, this.zone, this.sink);
  }
}

/** The chunks of a feed file (read as bytes) or stream (stdin). */
export function feedChunks(source: string | Readable): AsyncIterable<Buffer | string> {
  return (
    typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 16 }) : source
  ) as AsyncIterable<Buffer | string>;
}

/**
 * Reads a feed from a file path or a stream (stdin), one array of items per chunk read.
 * runWatch uses {@link FeedParser} directly; this is the same, as objects.
 */
export async function* readFeedBatches(
  source: string | Readable,
  format?: FeedFormat,
): AsyncGenerator<FeedItem[]> {
  let batch: FeedItem[] = [];
  const parser = new FeedParser(
    {
      name: (name, line) => batch.push({ kind: 'name', name, line }),
      skip: (line, reason) => batch.push({ kind: 'skip', line, reason }),
      ignored: (line) => batch.push({ kind: 'ignored', line }),
    },
    format,
  );
  for await (const chunk of feedChunks(source)) {
    parser.push(chunk);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  parser.end();
  if (batch.length > 0) yield batch;
}

/** Reads a feed from a file path or a stream (stdin). */
export async function* readFeed(source: string | Readable, format?: FeedFormat): AsyncGenerator<FeedItem> {
  for await (const batch of readFeedBatches(source, format)) yield* batch;
}

function certstreamLine(t: string, n: number, sink: FeedSink): void {
  let msg: unknown;
  try {
    msg = JSON.parse(t);
  } catch {
    sink.skip(n, 'not JSON');
    return;
  }
  if (typeof msg !== 'object' || msg === null) {
    sink.skip(n, 'not a JSON object');
    return;
  }
  const m = msg as { message_type?: unknown; data?: { leaf_cert?: { all_domains?: unknown } } };
  if (m.message_type !== 'certificate_update') {
    sink.ignored(n); // heartbeats and other message types
    return;
  }
  const all = m.data?.leaf_cert?.all_domains;
  if (!Array.isArray(all)) {
    sink.skip(n, 'certificate_update without data.leaf_cert.all_domains[]');
    return;
  }
  for (const d of all) {
    if (typeof d === 'string') sink.name(d, n);
    else sink.skip(n, 'all_domains entry is not a string');
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

function zoneLine(
  raw: string,
  n: number,
  z: { origin: string; owner: string; depth: number },
  sink: FeedSink,
): void {
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
      if (!tokens[1]) sink.skip(n, '$ORIGIN without a name');
      else z.origin = absolute(tokens[1].toLowerCase(), z.origin);
    }
    return;
  }
  let owner: string;
  if (/^\s/.test(line)) {
    if (!z.owner) {
      sink.skip(n, 'record without an owner name');
      return;
    }
    owner = z.owner;
  } else {
    const rest = tokens.slice(1).map((x) => x.toLowerCase());
    const hasType = rest.some((x) => TYPES.has(x));
    if (!hasType && !CLASSES.has(rest[0] ?? '')) {
      sink.skip(n, 'not a resource record (no record type)');
      return;
    }
    owner = absolute(first.toLowerCase(), z.origin);
    if (owner === z.owner) return;
  }
  if (owner !== z.owner) {
    z.owner = owner;
    sink.name(owner, n);
  }
}
