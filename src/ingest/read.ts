/**
 * Reading posts: opens a file (gzip transparent), picks its reader (named or sniffed), streams it
 * chunk by chunk, and yields the posts of each chunk as a batch. Bad rows become counted skips in
 * IngestStats with file, line and reason; only a file that cannot be read as a whole throws
 * (ERR_INGEST_FORMAT / ERR_INGEST_UNKNOWN_FORMAT / ERR_IO).
 *
 * Batches exist for speed: one `await` per 1 MiB chunk instead of one per post. Memory: one chunk,
 * its posts, and the partial record at its end.
 */
import { LockstepError } from '../core/errors.js';
import type { Post } from '../core/post.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import type { CsvRecord } from './csv-tokenizer.js';
import { RowError } from './formats/common.js';
import type {
  CsvFormat,
  CsvRowMapper,
  CsvViewMapper,
  FormatReader,
  JsonFormat,
  PostView,
  ReaderContext,
} from './formats/common.js';
import { coortweet } from './formats/coortweet.js';
import { genericCsv, genericNdjson } from './formats/generic.js';
import { ira } from './formats/ira.js';
import { qut } from './formats/qut.js';
import { twitterIo } from './formats/twitter-io.js';
import { twitterV1 } from './formats/twitter-v1.js';
import { twitterV2 } from './formats/twitter-v2.js';
import type { FormatName, IngestOptions } from './options.js';
import { FORMAT_NAMES } from './options.js';
import { formatOfHeader, sniffFormat } from './sniff.js';

/** `*.parquet`: read by DuckDB (parquet.ts), loaded only when such a file is read. */
export function isParquet(path: string): boolean {
  return /\.parquet$/i.test(path);
}
import { inputChunks, LineSplitter } from './source.js';
import type { IngestStats } from './stats.js';

export const READERS: Record<FormatName, FormatReader> = {
  ira,
  'twitter-io': twitterIo,
  'twitter-v2': twitterV2,
  'twitter-v1': twitterV1,
  qut,
  coortweet,
  csv: genericCsv,
  ndjson: genericNdjson,
};

/** Resolves `options.format` for one file (sniffing when auto). */
export async function resolveFormat(path: string, options: IngestOptions): Promise<FormatName> {
  const f = options.format ?? 'auto';
  if (f === 'auto' && isParquet(path)) return parquetFormat(path, options);
  if (f === 'auto') return sniffFormat(path, options.mapping);
  if (!FORMAT_NAMES.includes(f)) {
    throw new LockstepError(
      'ERR_USAGE',
      `unknown format "${f}"; use auto or one of ${FORMAT_NAMES.join(', ')}`,
    );
  }
  return f;
}

/** A Parquet file's format, from its column names as a CSV file's from its header. */
async function parquetFormat(path: string, options: IngestOptions): Promise<FormatName> {
  const { parquetColumns } = await import('./parquet.js');
  const columns = await parquetColumns(path);
  const f = formatOfHeader(columns);
  if (f !== undefined) return f;
  if (options.mapping !== undefined) return 'csv';
  throw new LockstepError(
    'ERR_INGEST_UNKNOWN_FORMAT',
    `${path}: unknown Parquet columns ${columns.slice(0, 8).join(',')}${columns.length > 8 ? ',…' : ''}; ` +
      'name the format with --format',
    { file: path },
  );
}

/**
 * The per-record step of every CSV reader: the first record binds the format's mapper to the header,
 * every later one becomes a Post in `out` or a counted skip. Shared by the whole-file reader below and
 * the chunk parser of ingest/csv-chunks.ts, so both read a row alike.
 */
export class CsvRowReader {
  private map: CsvRowMapper | undefined;
  private viewMap: CsvViewMapper | undefined;
  private width = -1;
  out: Post[] = [];
  /** Rows handed to `each` since the caller last reset it. */
  viewed = 0;

  /**
   * `each`: when the format can be read in place (`CsvFormat.view`), every row's view goes to `each`
   * inside the record callback instead of a Post into `out`.
   */
  constructor(
    private readonly format: CsvFormat,
    private readonly ctx: ReaderContext,
    private readonly stats: IngestStats,
    private readonly each?: (p: PostView) => void,
  ) {}

  get bound(): boolean {
    return this.width >= 0;
  }

  /** Binds the mapper to a header read elsewhere (a chunk parser that does not see the first line). */
  bind(header: string[]): void {
    if (this.each !== undefined && this.format.view !== undefined)
      this.viewMap = this.format.view(header, this.ctx);
    else this.map = this.format.bind(header, this.ctx);
    this.width = header.length;
  }

  readonly onRecord = (r: CsvRecord): void => {
    if (this.width < 0) {
      this.bind(r.toArray());
      return;
    }
    const { stats } = this;
    stats.row();
    if (r.count !== this.width) {
      // A single empty trailing field is how some exports end a row; anything else is a bad row.
      stats.skip(this.ctx.file, r.line, `expected ${this.width} fields, got ${r.count}`);
      return;
    }
    if (this.viewMap !== undefined) {
      let v: PostView;
      try {
        v = this.viewMap(r);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        stats.skip(this.ctx.file, r.line, e.message);
        return;
      }
      stats.postOf(v);
      this.viewed++;
      // Outside the try: only loading a row decides whether it is a post (a view's getters do not throw).
      this.each!(v);
      return;
    }
    try {
      const p = this.map!(r);
      stats.post(p.account);
      this.out.push(p);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      stats.skip(this.ctx.file, r.line, e.message);
    }
  };
}

/** The error of a CSV file without even a header line. */
export function emptyCsvError(file: string): LockstepError {
  return new LockstepError('ERR_INGEST_FORMAT', `${file}: empty file, no header line`, { file, line: 1 });
}

/** With `each`, a format read in place yields empty batches, one per input chunk that had rows. */
async function* readCsv(
  format: CsvFormat,
  ctx: ReaderContext,
  stats: IngestStats,
  each?: (p: PostView) => void,
): AsyncGenerator<Post[]> {
  const { file } = ctx;
  const tok = new CsvTokenizer({ file, delimiter: format.delimiter?.(ctx) });
  const rows = new CsvRowReader(format, ctx, stats, each);
  for await (const chunk of inputChunks(file)) {
    tok.push(chunk, rows.onRecord);
    if (rows.out.length > 0 || rows.viewed > 0) {
      yield rows.out;
      rows.out = [];
      rows.viewed = 0;
    }
  }
  tok.end(rows.onRecord);
  if (!rows.bound) throw emptyCsvError(file);
  if (rows.out.length > 0 || rows.viewed > 0) yield rows.out;
}

async function* readJsonLines(
  format: JsonFormat,
  ctx: ReaderContext,
  stats: IngestStats,
): AsyncGenerator<Post[]> {
  const { file } = ctx;
  const map = format.bind(ctx);
  const lines = new LineSplitter(file);
  let batch: Post[] = [];
  const onLine = (text: string, line: number): void => {
    stats.row();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      stats.skip(file, line, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const before = batch.length;
    try {
      map(value, line, batch);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      stats.skip(file, line, e.message);
    }
    for (let i = before; i < batch.length; i++) stats.post(batch[i]!.account);
  };
  for await (const chunk of inputChunks(file)) {
    lines.push(chunk, onLine);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  lines.end(onLine);
  if (batch.length > 0) yield batch;
}

/**
 * The posts of one file in batches (one per input chunk, in file order). Prefer this on hot paths.
 *
 * @example for await (const batch of readPostBatches('io.csv.gz', {}, stats)) for (const p of batch) use(p);
 */
export async function* readPostBatches(
  path: string,
  options: IngestOptions,
  stats: IngestStats,
): AsyncGenerator<Post[]> {
  yield* readFile(path, options, stats);
}

/** `readPostBatches`; with `each`, a CSV format that has a view is read in place (see readAllPostsInPlace). */
async function* readFile(
  path: string,
  options: IngestOptions,
  stats: IngestStats,
  each?: (p: PostView) => void,
): AsyncGenerator<Post[]> {
  const format = await resolveFormat(path, options);
  stats.startFile(path, format);
  const reader = READERS[format];
  const ctx: ReaderContext = { file: path, options };
  if (isParquet(path)) {
    if (reader.kind !== 'csv')
      throw new LockstepError(
        'ERR_INGEST_FORMAT',
        `${path}: a Parquet file holds columns, so it can be read as a CSV format, not as ${format}`,
        { file: path, format },
      );
    // Loaded only for Parquet input: it brings in DuckDB (parquet.ts).
    const { readParquet } = await import('./parquet.js');
    yield* readParquet(reader, ctx, stats);
  } else if (reader.kind === 'csv') yield* readCsv(reader, ctx, stats, each);
  else yield* readJsonLines(reader, ctx, stats);
}

/**
 * The posts of one file, in file order.
 *
 * @example for await (const p of readPosts('tweets.jsonl', { format: 'twitter-v2' }, stats)) console.log(p.account);
 */
export async function* readPosts(
  path: string,
  options: IngestOptions,
  stats: IngestStats,
): AsyncGenerator<Post> {
  for await (const batch of readPostBatches(path, options, stats)) yield* batch;
}

/** The posts of several files, one after the other (each file sniffed on its own). */
export async function* readAllPosts(
  paths: readonly string[],
  options: IngestOptions,
  stats: IngestStats,
): AsyncGenerator<Post> {
  for (const path of paths) yield* readPosts(path, options, stats);
}

/** Batches of several files, one after the other. */
export async function* readAllPostBatches(
  paths: readonly string[],
  options: IngestOptions,
  stats: IngestStats,
): AsyncGenerator<Post[]> {
  for (const path of paths) yield* readPostBatches(path, options, stats);
}

/**
 * The posts of several files, each handed to `each` as it is read; yields once per input chunk, after
 * that chunk's posts. A CSV format that can be read in place (`CsvFormat.view`: twitter-io) hands over
 * its reused row view instead of building a Post, so `each` must read what it needs before returning;
 * every other format hands over its Posts. Same posts, skips and counts as `readAllPostBatches`.
 *
 * @example for await (const _ of readAllPostsInPlace(paths, {}, stats, (p) => encoder.add(p))) send(encoder.flush());
 */
export async function* readAllPostsInPlace(
  paths: readonly string[],
  options: IngestOptions,
  stats: IngestStats,
  each: (p: PostView | Post) => void,
): AsyncGenerator<void> {
  for (const path of paths) {
    for await (const batch of readFile(path, options, stats, each)) {
      for (let i = 0; i < batch.length; i++) each(batch[i]!);
      yield;
    }
  }
}
