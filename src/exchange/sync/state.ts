/**
 * Sync state: per source collection and direction, the last `X-TAXII-Date-Added-Last` fully
 * processed, so a re-run asks only for what was added since (`added_after`). Kept in a small JSON
 * file written atomically (temp file + rename) after every page, so a run killed half-way resumes
 * from the last page it finished — re-sending at most that page, which the target ignores (TAXII adds
 * are idempotent per id + version).
 *
 * The file holds URLs and timestamps only, never credentials.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { LockstepError } from '../../core/errors.js';

const CursorSchema = z.object({
  /** Pass as `added_after` next time. */
  addedAfter: z.string(),
  /** When the cursor last moved (local clock, for people reading the file). */
  updated: z.string(),
});

const StateSchema = z.object({
  version: z.literal(1),
  cursors: z.record(z.string(), CursorSchema),
});

export type SyncStateData = z.infer<typeof StateSchema>;

export class SyncState {
  private constructor(
    /** undefined: in memory only. */
    readonly file: string | undefined,
    private data: SyncStateData,
  ) {}

  static memory(): SyncState {
    return new SyncState(undefined, { version: 1, cursors: {} });
  }

  /** Opens a state file; a missing file is an empty state. */
  static async open(file: string): Promise<SyncState> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return new SyncState(file, { version: 1, cursors: {} });
      throw new LockstepError(
        'ERR_IO',
        `cannot read sync state ${file}: ${(e as Error).message}`,
        { file },
        { cause: e },
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new LockstepError('ERR_SYNC_STATE', `sync state ${file} is not JSON`, { file });
    }
    const r = StateSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new LockstepError(
        'ERR_SYNC_STATE',
        `sync state ${file}: ${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'unexpected shape'}`,
        { file },
      );
    }
    return new SyncState(file, r.data);
  }

  /** The key of one direction: source collection URL → target (or `pull`). */
  static key(from: string, to: string): string {
    return `${from} -> ${to}`;
  }

  cursor(key: string): string | undefined {
    return this.data.cursors[key]?.addedAfter;
  }

  /** Moves a cursor forward (never back) and saves. */
  async advance(key: string, addedAfter: string, now = new Date()): Promise<void> {
    const cur = this.cursor(key);
    if (cur !== undefined && !isLater(addedAfter, cur)) return;
    this.data.cursors[key] = { addedAfter, updated: now.toISOString() };
    await this.save();
  }

  snapshot(): SyncStateData {
    return structuredClone(this.data);
  }

  async save(): Promise<void> {
    if (this.file === undefined) return;
    const tmp = `${this.file}.tmp-${process.pid}`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
      await rename(tmp, this.file);
    } catch (e) {
      throw new LockstepError(
        'ERR_IO',
        `cannot write sync state ${this.file}: ${(e as Error).message}`,
        { file: this.file },
        { cause: e },
      );
    }
  }
}

/**
 * Timestamp order across different fraction widths ("…:01Z" vs "…:00.999999Z"): compare the second
 * part as text, then the fractions padded to the same width.
 */
export function isLater(a: string, b: string): boolean {
  const split = (s: string): [string, string] => {
    const m = /^(.*?:\d{2})(?:\.(\d+))?Z$/.exec(s);
    return m ? [m[1]!, (m[2] ?? '').padEnd(12, '0')] : [s, ''];
  };
  const [as, af] = split(a);
  const [bs, bf] = split(b);
  return as !== bs ? as > bs : af > bf;
}
