/** Shared helpers for the ingest tests (not a test file itself). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Post } from '../core/post.js';
import type { IngestOptions } from './options.js';
import { readPosts } from './read.js';
import { IngestStats } from './stats.js';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export async function collect(
  path: string,
  options: IngestOptions = {},
): Promise<{ posts: Post[]; stats: IngestStats }> {
  const stats = new IngestStats(options.maxExamples);
  const posts: Post[] = [];
  for await (const p of readPosts(path, options, stats)) posts.push(p);
  return { posts, stats };
}

let dir: string | undefined;

/** Writes `content` to a fresh temp file and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  dir ??= mkdtempSync(join(tmpdir(), 'lockstep-ingest-'));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
