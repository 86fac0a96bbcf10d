/**
 * `lockstep factcheck import FILE… --db DB` and `lockstep factcheck match (--claims FILE… | --db DB)
 * INPUT… --out DIR`: thin wiring over src/factcheck (docs/FACTCHECK.md). Heavy modules load only when
 * a subcommand runs.
 */
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { FORMAT_NAMES } from '../../ingest/options.js';
import type { Post } from '../../core/post.js';
import type { FactCheck } from '../../factcheck/types.js';
import type { MatchPostsOptions, matchPostsEmbedded } from '../../factcheck/match-posts.js';
import type { DenseSide } from '../../factcheck/source.js';

interface ImportFlags {
  db: string;
  csvMap?: string;
  embeddings?: string;
}

interface MatchFlags {
  claims?: string[];
  db?: string;
  out: string;
  format: string;
  map?: string;
  csvMap?: string;
  top: string;
  minScore: string;
  workers?: string;
  embeddings?: string;
}

function positiveInt(v: string, option: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new LockstepError('ERR_USAGE', `${option} must be an integer from 1 to 1000, got "${v}"`, {
      option,
    });
  return n;
}

function unitInterval(v: string, option: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new LockstepError('ERR_USAGE', `${option} must be a number from 0 to 1, got "${v}"`, { option });
  return n;
}

async function importAction(files: string[], o: ImportFlags): Promise<void> {
  const { readFactCheckFiles, badTotal } = await import('../../factcheck/import.js');
  const { parseCsvMapping } = await import('../../factcheck/import-csv.js');
  const { saveFactChecks } = await import('../../factcheck/store.js');
  const { openStore } = await import('../../store/open.js');
  const r = await readFactCheckFiles(files, o.csvMap ? { csvMapping: parseCsvMapping(o.csvMap) } : {});
  // A bad model fails before anything is written, so a retry with the right one starts clean.
  const embedder =
    o.embeddings === undefined
      ? undefined
      : await (await import('../../factcheck/embedder.js')).loadEmbedder(o.embeddings);
  const store = await openStore(o.db);
  let counts;
  let vectors;
  const t0 = performance.now();
  try {
    counts = await saveFactChecks(store, r.factChecks);
    if (embedder) {
      const { storeFactCheckVectors } = await import('../../factcheck/vectors.js');
      vectors = await storeFactCheckVectors(store, r.factChecks, embedder);
    }
  } finally {
    await store.close();
  }
  for (const b of r.bad)
    process.stderr.write(
      `lockstep: ERR_FACTCHECK_BAD_RECORD: ${b.file} record ${b.record}${b.path ? ` (${b.path})` : ''}: ${b.reason}\n`,
    );
  const bad = badTotal(r);
  process.stderr.write(
    `${r.factChecks.length} fact checks from ${files.length} file(s): ${counts.inserted} new, ${counts.updated} updated, ` +
      `${counts.unchanged} unchanged; ${bad} bad record(s)${r.duplicates ? `; ${r.duplicates} repeated review URL(s)` : ''}\n`,
  );
  if (vectors && embedder)
    process.stderr.write(
      `embedded ${vectors.embedded} fact checks with ${o.embeddings ?? ''} (${embedder.id}); ${vectors.reused} ` +
        `already stored; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
}

async function matchAction(inputs: string[], o: MatchFlags): Promise<void> {
  if ((o.claims === undefined) === (o.db === undefined))
    throw new LockstepError('ERR_USAGE', 'give exactly one of --claims FILE… or --db DB', {
      option: '--claims',
    });
  if (o.format !== 'auto' && !(FORMAT_NAMES as readonly string[]).includes(o.format))
    throw new LockstepError('ERR_USAGE', `--format must be auto or one of ${FORMAT_NAMES.join(', ')}`, {
      option: '--format',
    });
  const top = positiveInt(o.top, '--top');
  const minScore = unitInterval(o.minScore, '--min-score');
  const { mkdir } = await import('node:fs/promises');
  const path = await import('node:path');
  const { IngestStats, parseMapping, readAllPosts } = await import('../../ingest/index.js');
  const { loadFactCheckSource } = await import('../../factcheck/source.js');
  const { parseCsvMapping } = await import('../../factcheck/import-csv.js');
  const workers = o.workers === undefined ? undefined : positiveInt(o.workers, '--workers');
  const { MATCH_COLUMNS } = await import('../../factcheck/match-posts.js');
  const { matchPostsParallel } = await import('../../factcheck/match-pool.js');
  const { csvRow } = await import('../../report/csv.js');
  const { writeAtomically } = await import('./pull.js');
  const src = await loadFactCheckSource(
    o.db !== undefined ? { db: o.db } : { files: o.claims ?? [] },
    o.csvMap ? { csvMapping: parseCsvMapping(o.csvMap) } : {},
    o.embeddings === undefined
      ? undefined
      : { model: o.embeddings, log: (line) => process.stderr.write(line) },
  );
  for (const b of src.imported?.bad ?? [])
    process.stderr.write(`lockstep: ERR_FACTCHECK_BAD_RECORD: ${b.file} record ${b.record}: ${b.reason}\n`);
  const stats = new IngestStats();
  const ingest = {
    format: o.format as (typeof FORMAT_NAMES)[number] | 'auto',
    ...(o.map ? { mapping: parseMapping(o.map) } : {}),
  };
  const lines: string[] = [csvRow(MATCH_COLUMNS)];
  const onRow = (row: (string | number)[]): void => {
    lines.push(csvRow(row));
  };
  const posts = readAllPosts(inputs, ingest, stats);
  const r =
    src.dense === undefined
      ? await matchPostsParallel(
          posts,
          src.factChecks,
          { top, minScore },
          onRow,
          workers === undefined ? {} : { workers },
        )
      : await matchEmbedded(posts, src.factChecks, src.dense, { top, minScore }, onRow);
  await mkdir(o.out, { recursive: true });
  await writeAtomically(path.join(o.out, 'matches.csv'), lines.join(''));
  process.stderr.write(
    `${r.matchedPosts} of ${r.posts} posts match ${src.factChecks.length} fact checks (${r.rows} rows, ` +
      `score ≥ ${minScore}, top ${top}); ${stats.skipped} input rows skipped → ${path.join(o.out, 'matches.csv')}\n`,
  );
}

/** `--embeddings MODEL`: the fact checks' vectors (loaded with them), then the posts batch by batch. */
async function matchEmbedded(
  posts: AsyncIterable<Post>,
  factChecks: readonly FactCheck[],
  dense: DenseSide,
  options: MatchPostsOptions,
  onRow: (row: (string | number)[]) => void,
): ReturnType<typeof matchPostsEmbedded> {
  const { FactCheckMatcher } = await import('../../factcheck/matcher.js');
  const { matchPostsEmbedded } = await import('../../factcheck/match-posts.js');
  const matcher = new FactCheckMatcher(factChecks, { dense: dense.index });
  return matchPostsEmbedded(posts, matcher, dense.embedder, options, onRow);
}

export function register(program: Command): void {
  const fc = program
    .command('factcheck')
    .description(
      'import ClaimReview fact checks and find posts that repeat checked claims (docs/FACTCHECK.md)',
    );
  fc.command('import')
    .description(
      'import fact checks (ClaimReview JSON-LD/HTML, Fact Check Tools API, DataFeed, CSV) into a store',
    )
    .argument('<files...>', 'fact-check files (format recognised by content)')
    .requiredOption('--db <db>', 'store: SQLite file or postgres:// URL')
    .option('--csv-map <mapping>', 'CSV columns: url=COL,claim=COL,publisher=COL,rating=COL,…')
    .option(
      '--embeddings <model>',
      'also store sentence vectors of new or changed fact checks for match/detect --embeddings: use-lite or a model directory',
    )
    .action(importAction);
  fc.command('match')
    .description('match posts against fact checks; writes DIR/matches.csv')
    .argument('<inputs...>', 'posts in any format `detect` reads')
    .option('--claims <files...>', 'fact-check files to match against (any import format)')
    .option('--db <db>', 'or a store the fact checks were imported into')
    .requiredOption('--out <dir>', 'output directory')
    .option('--format <name>', `input format: auto, ${FORMAT_NAMES.join(', ')}`, 'auto')
    .option('--map <mapping>', 'column mapping for csv/ndjson input')
    .option('--csv-map <mapping>', 'column mapping for CSV fact-check files')
    .option('--top <k>', 'matches kept per post', '5')
    .option('--min-score <p>', 'drop matches below this calibrated score (0–1)', '0.5')
    .option('--workers <n>', 'threads matching posts (default: the cores; used from 2,000 posts on)')
    .option(
      '--embeddings <model>',
      'also match by meaning with sentence embeddings: use-lite (the optional package) or a model directory (docs/FACTCHECK.md)',
    )
    .action(matchAction);
}
