/**
 * IngestStats: what the readers saw, per file: rows read, posts produced, rows skipped with the first
 * few reasons (file and line), and the distinct accounts. Feeds `DetectionResult.input`.
 * Memory: one Set entry per distinct account plus `maxExamples` skipped rows.
 */
import type { InputSummary, SkippedRow } from '../core/result.js';

interface FileStats {
  path: string;
  format: string;
  rows: number;
  posts: number;
  skipped: number;
}

export class IngestStats {
  readonly maxExamples: number;
  private readonly files: FileStats[] = [];
  private readonly accounts = new Set<string>();
  private readonly examples: SkippedRow[] = [];
  private current: FileStats | undefined;
  private lastAccount: string | undefined;

  /**
   * `distinctAccounts`: a caller that already keeps every post's account (the read worker's encoder)
   * gives their count here, and the per-post Set insert is skipped (5 % of the read worker's time on a
   * simulated 1M-post archive).
   */
  constructor(
    maxExamples = 20,
    private readonly distinctAccounts?: () => number,
  ) {
    this.maxExamples = maxExamples;
  }

  /** Starts counting a new file; later calls count against it. */
  startFile(path: string, format: string): void {
    this.current = { path, format, rows: 0, posts: 0, skipped: 0 };
    this.files.push(this.current);
  }

  private file(): FileStats {
    if (!this.current) this.startFile('<unknown>', 'unknown');
    return this.current!;
  }

  /** One data row (or JSON line) read. */
  row(): void {
    this.file().rows++;
  }

  post(account: string): void {
    this.file().posts++;
    if (this.distinctAccounts !== undefined) return;
    // Many files run account by account (per-author exports): skip the hash for a repeat.
    if (account !== this.lastAccount) {
      this.accounts.add(account);
      this.lastAccount = account;
    }
  }

  /**
   * `post(p.account)`, reading the account only when this counts accounts: a row view finds its account
   * string in a per-account array, a likely cache miss per row that the read worker need not pay.
   */
  postOf(p: { readonly account: string }): void {
    if (this.distinctAccounts !== undefined) this.file().posts++;
    else this.post(p.account);
  }

  skip(file: string, line: number, reason: string): void {
    this.file().skipped++;
    if (this.examples.length < this.maxExamples) this.examples.push({ file, line, reason });
  }

  /**
   * Adds what another IngestStats counted in a later part of the current file (a chunk parsed in
   * another thread); parts must be absorbed in file order so that the examples stay the first ones.
   */
  absorb(part: InputSummary): void {
    const f = this.file();
    for (const p of part.files) {
      f.rows += p.rows;
      f.posts += p.posts;
      f.skipped += p.skipped;
    }
    for (const e of part.skippedExamples) {
      if (this.examples.length >= this.maxExamples) break;
      this.examples.push({ ...e });
    }
  }

  get posts(): number {
    return this.files.reduce((s, f) => s + f.posts, 0);
  }

  get skipped(): number {
    return this.files.reduce((s, f) => s + f.skipped, 0);
  }

  toSummary(): InputSummary {
    return {
      files: this.files.map((f) => ({ ...f })),
      posts: this.posts,
      accounts: this.distinctAccounts?.() ?? this.accounts.size,
      skipped: this.skipped,
      skippedExamples: this.examples.map((e) => ({ ...e })),
    };
  }
}
