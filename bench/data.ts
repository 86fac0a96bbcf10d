/**
 * Simulated benchmark inputs, cached under bench/data/ (git-ignored) by layout, size and seed so repeated runs
 * do not regenerate them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeSimulation, type SimulationFormat } from '../src/simulate/index.js';

export type SimulatedLayout = SimulationFormat;

export const DATA_DIR = join(import.meta.dirname, 'data');

export async function simulatedInput(
  posts: number,
  seed: number,
  format: SimulatedLayout = 'twitter-io',
): Promise<{ dir: string; posts: string; truth: string }> {
  const dir = join(
    DATA_DIR,
    format === 'twitter-io' ? `sim-${posts}-${seed}` : `sim-${format}-${posts}-${seed}`,
  );
  const files = { dir, posts: join(dir, 'posts.csv.gz'), truth: join(dir, 'truth.csv') };
  if (!existsSync(files.truth)) await writeSimulation({ posts, seed, gzipLevel: 1, format }, dir);
  return files;
}
