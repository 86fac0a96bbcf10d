/**
 * Parquet input (`*.parquet`), read by embedded DuckDB's `read_parquet` — the columnar format data
 * engineers hand over archives in, which DuckDB reads natively, a row group at a time. Every column is
 * cast to text and each row goes through the same CSV record step as a CSV file (read.ts
 * `CsvRowReader`), so a Parquet file with a format's columns gives the same Posts as the CSV with the
 * same cells, and the format is recognised from its column names as a CSV header is. SQL NULL reads as
 * an empty cell. Errors name the row as `line` = row number + 1, where that row sits in the equivalent
 * CSV (its header is line 1).
 *
 * `@duckdb/node-api` is an optional dependency: it is loaded only for a Parquet file, and missing it is
 * a clear error naming the package.
 *
 * Cost: DuckDB's decoding (a row group at a time, in its threads) plus one UTF-8 copy of each row's
 * cells; memory is one DuckDB chunk (2,048 rows) and one batch of Posts.
 */
import type * as DuckDb from '@duckdb/node-api';
import { LockstepError } from '../core/errors.js';
import type { Post } from '../core/post.js';
import type { CsvFormat, ReaderContext } from './formats/common.js';
import { CsvRecord } from './csv-tokenizer.js';
import { CsvRowReader } from './read.js';
import type { IngestStats } from './stats.js';

const PACKAGE = '@duckdb/node-api';

async function loadDuckDb(file: string): Promise<typeof DuckDb> {
  try {
    return (await import(PACKAGE)) as typeof DuckDb;
  } catch (e) {
    throw new LockstepError(
      'ERR_INGEST_FORMAT',
      `${file}: reading Parquet needs the optional package ${PACKAGE}, which is not installed or does ` +
        `not load here (${(e as Error).message.split('\n')[0] ?? ''}); install it with ` +
        `\`npm install ${PACKAGE}\`, or convert the file to CSV`,
      { file, package: PACKAGE },
      { cause: e },
    );
  }
}

/** A SQL string literal. */
function literal(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** One DuckDB connection over one Parquet file: its column names, then its rows as text. */
export class ParquetFile {
  private constructor(
    private readonly instance: DuckDb.DuckDBInstance,
    private readonly conn: DuckDb.DuckDBConnection,
    readonly file: string,
    readonly columns: string[],
  ) {}

  static async open(file: string): Promise<ParquetFile> {
    const duck = await loadDuckDb(file);
    // One thread: reading is one stream in file order, and the run's other threads are busy.
    const instance = await duck.DuckDBInstance.create(':memory:', { threads: '1' });
    try {
      const conn = await instance.connect();
      let columns: string[];
      try {
        const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(file)})`);
        columns = (r.getRowsJS() as [string][]).map((row) => row[0]);
      } catch (e) {
        throw new LockstepError(
          'ERR_INGEST_FORMAT',
          `${file}: not a readable Parquet file (${(e as Error).message.split('\n')[0] ?? ''})`,
          { file },
          { cause: e },
        );
      }
      return new ParquetFile(instance, conn, file, columns);
    } catch (e) {
      instance.closeSync();
      throw e;
    }
  }

  /** Rows in file order, each cell as text ('' for NULL), a DuckDB chunk at a time. */
  async *rows(): AsyncGenerator<(string | null)[][]> {
    const cells = this.columns.map((c) => `CAST("${c.replaceAll('"', '""')}" AS VARCHAR)`).join(', ');
    const result = await this.conn.stream(`SELECT ${cells} FROM read_parquet(${literal(this.file)})`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      yield chunk.getRows() as (string | null)[][];
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** Fills `rec` with `cells` as if a CSV tokenizer had read them at `line`. */
function fillRecord(rec: CsvRecord, cells: readonly (string | null)[], line: number): void {
  const parts = cells.map((c) => Buffer.from(c ?? '', 'utf8'));
  while (rec.starts.length < parts.length) rec.grow();
  let at = 0;
  parts.forEach((p, i) => {
    rec.starts[i] = at;
    at += p.length;
    rec.ends[i] = at;
    rec.escaped[i] = 0;
  });
  rec.buf = Buffer.concat(parts, at);
  rec.count = parts.length;
  rec.line = line;
}

/** The posts of one Parquet file in `format`, in batches (one per DuckDB chunk). */
export async function* readParquet(
  format: CsvFormat,
  ctx: ReaderContext,
  stats: IngestStats,
): AsyncGenerator<Post[]> {
  const file = await ParquetFile.open(ctx.file);
  try {
    const reader = new CsvRowReader(format, ctx, stats);
    reader.bind(file.columns);
    const rec = new CsvRecord();
    let line = 1;
    for await (const rows of file.rows()) {
      for (const row of rows) {
        fillRecord(rec, row, ++line);
        reader.onRecord(rec);
      }
      if (reader.out.length > 0) {
        yield reader.out;
        reader.out = [];
      }
    }
  } finally {
    file.close();
  }
}

/** The column names of a Parquet file (the header `--format auto` recognises a format from). */
export async function parquetColumns(path: string): Promise<string[]> {
  const file = await ParquetFile.open(path);
  file.close();
  return file.columns;
}
