/**
 * The read worker's own work — reading (gunzip, tokenising, Post building) and encoding
 * (engine/post-batch.ts) — of two builds, each pass in a fresh child process, alternating A, B, A, B, …,
 * and CPU time (user + system, `process.cpuUsage`) per pass. Why: on a machine shared with other jobs
 * the same read-once.ts run varies ±20 % from run to run, more than most changes to this stage; short
 * passes that alternate within a minute see about the same load. Fresh processes, because both builds
 * in one process were measured to favour whichever ran second in a round by 30–45 % (shared Node
 * internals warmed, the other's garbage collected), more than the effect measured.
 *
 *   node --import tsx bench/read-encode-ab.ts FILE --a DIR --b DIR [--posts N] [--rounds R]
 *
 * DIR is a checkout with a build (DIR/dist). Prints one JSON line per pass and the medians.
 * Cost: R × 2 passes over the first N posts (default 300,000) of FILE.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { FIELD_BEHAVIOURS } from '../src/detect/engine/encoded-batch.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const file = args[0];
const one = opt('--one');
const dirs = { a: opt('--a') ?? one, b: opt('--b') ?? one };
const limit = Number(opt('--posts') ?? 300_000);
const rounds = Number(opt('--rounds') ?? 3);
if (file === undefined || dirs.a === undefined || dirs.b === undefined || !(limit > 0) || !(rounds > 0)) {
  process.stderr.write('usage: read-encode-ab.ts FILE --a DIR --b DIR [--posts N] [--rounds R]\n');
  process.exit(64);
}
const builds: Record<'a' | 'b', string> = { a: dirs.a, b: dirs.b };

interface Build {
  ingest: typeof import('../src/ingest/index.js');
  batch: typeof import('../src/detect/engine/post-batch.js');
}
const load = async (dir: string): Promise<Build> => {
  const from = (rel: string): string => pathToFileURL(join(dir, 'dist', `${rel}.js`)).href;
  return {
    ingest: (await import(from('ingest/index'))) as Build['ingest'],
    batch: (await import(from('detect/engine/post-batch'))) as Build['batch'],
  };
};
/**
 * One pass: read and encode the first `limit` posts as the build's read worker does (in place with ids
 * as bytes where the build has `readAllPostsInPlace`, else Post batches); CPU ms of this process.
 */
async function pass(m: Build): Promise<{ posts: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  // The same list in every build (it moved from post-batch.ts to encoded-batch.ts in session 20).
  const fields = FIELD_BEHAVIOURS;
  let posts = 0;
  const stats = new m.ingest.IngestStats();
  if ('readAllPostsInPlace' in m.ingest) {
    // textBytes: what the read worker sets since session 13 (an older build ignores it).
    const encoder = new m.batch.PostEncoder({ fields, onlyRetweet: true, idBytes: true, textBytes: true });
    const chunks = m.ingest.readAllPostsInPlace([file!], {}, stats, (p) => {
      encoder.add(p);
    });
    while (!(await chunks.next()).done) {
      posts += encoder.flush().count;
      if (posts >= limit) break;
    }
  } else {
    const encoder = new m.batch.PostEncoder({ fields, onlyRetweet: true });
    for await (const batch of (m.ingest as Build['ingest']).readAllPostBatches([file!], {}, stats)) {
      posts += encoder.encode(batch).count;
      if (posts >= limit) break;
    }
  }
  const c = process.cpuUsage(c0);
  return { posts, cpuMs: (c.user + c.system) / 1000 };
}

if (one !== undefined) {
  // A child: one pass of one build.
  process.stdout.write(JSON.stringify(await pass(await load(one))) + '\n');
  process.exit(0);
}

const cpu: Record<'a' | 'b', number[]> = { a: [], b: [] };
for (let r = 0; r < rounds; r++) {
  for (const side of ['a', 'b'] as const) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, file, '--one', builds[side], '--posts', String(limit)],
      { encoding: 'utf8' },
    );
    const { posts, cpuMs } = JSON.parse(out) as { posts: number; cpuMs: number };
    cpu[side].push(cpuMs);
    process.stdout.write(JSON.stringify({ round: r + 1, side, posts, cpuMs: Math.round(cpuMs) }) + '\n');
  }
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
process.stdout.write(
  JSON.stringify({ medianCpuMs: { a: Math.round(median(cpu.a)), b: Math.round(median(cpu.b)) } }) + '\n',
);
