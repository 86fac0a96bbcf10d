/**
 * Where the tests find their data. Two kinds, so a fresh clone (no `shared/` beside it) passes:
 * - The CooRTweet example data sets travel with the repository (test-data/coortweet/*.csv.br, MIT, see
 *   its SOURCE.txt and LICENSE) and are unpacked once into the OS temp folder: `COORTWEET_DIR`.
 *   LOCKSTEP_COORTWEET_DIR points the tests at another copy.
 * - Optional extras in the project's shared folder (`../shared` beside the repository root, or
 *   LOCKSTEP_SHARED_DIR), e.g. the OASIS STIX examples: tests that read them skip, naming what is
 *   missing (`missingShared`). Never an absolute machine path.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

export const SHARED_DIR: string =
  process.env.LOCKSTEP_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));

export const sharedPath = (...parts: string[]): string => join(SHARED_DIR, ...parts);

/** A skip reason naming the shared path and how to provide it, or false when it is there. */
export function missingShared(path: string): string | false {
  return existsSync(path)
    ? false
    : `${path} is missing (optional: put the project's shared/ folder beside the repository or set LOCKSTEP_SHARED_DIR)`;
}

/** test-data/ at the repository root, from src/test-helpers/. */
export const TEST_DATA_DIR = fileURLToPath(new URL('../../test-data/', import.meta.url));

/**
 * Unpacks every `*.br` of test-data/`name` into `<tmpdir>/lockstep-test-data/<name>-<hash>/` once and
 * returns that folder. The folder is named after a hash of the packed bytes, so a changed data set gets
 * a fresh folder; each file is written under a temporary name and renamed, so test files running in
 * parallel never read a half-written copy. Cost on the first run: ~50 ms to unpack 12 MB; later runs
 * hash the 2.7 MB packed files (a few ms).
 */
export function unpackedTestData(name: string): string {
  const src = join(TEST_DATA_DIR, name);
  const packed = readdirSync(src)
    .filter((f) => f.endsWith('.br'))
    .sort();
  const hash = createHash('sha256');
  const bytes = packed.map((f) => {
    const b = readFileSync(join(src, f));
    hash.update(f).update(b);
    return b;
  });
  const dir = join(tmpdir(), 'lockstep-test-data', `${name}-${hash.digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  packed.forEach((f, i) => {
    const out = join(dir, f.slice(0, -'.br'.length));
    if (existsSync(out)) return;
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, brotliDecompressSync(bytes[i]!));
    renameSync(tmp, out);
  });
  return dir;
}

let coortweet: string | undefined;

/** The CooRTweet example CSVs (russian_coord_tweets.csv, german_elections.csv). */
export function coortweetDir(): string {
  coortweet ??= process.env.LOCKSTEP_COORTWEET_DIR ?? unpackedTestData('coortweet');
  return coortweet;
}
