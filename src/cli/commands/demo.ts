/**
 * `lockstep demo [--out DIR]`: runs detection on the bundled simulated sample (samples/demo/) with
 * default settings (the crowd as reference: the sample has an organic background), writes the outputs, and scores them against the sample's ground truth.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LockstepError } from '../../core/errors.js';
import { readTruth } from '../../simulate/index.js';
import { describeResult, runDetect } from './detect.js';

/** samples/demo/ from src/cli/commands/ and from dist/cli/commands/ alike. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../../samples/demo/', import.meta.url));

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run detection on the bundled simulated sample and write a report')
    .option('--out <dir>', 'output directory', 'lockstep-demo')
    .option('--sample <dir>', 'sample directory holding posts.csv.gz and truth.csv', SAMPLE_DIR)
    .action(async (o: { out: string; sample: string }) => {
      const posts = join(o.sample, 'posts.csv.gz');
      if (!existsSync(posts)) {
        throw new LockstepError('ERR_IO', `the demo sample is missing: ${posts}`, { file: posts });
      }
      // The sample is simulated in the twitter-io layout but, unlike a released archive, holds an
      // organic crowd beside its planted campaigns: the crowd is the reference (options.reference).
      const r = await runDetect([posts], { format: 'auto', out: o.out, reference: 'crowd' });
      process.stdout.write(describeResult(r, o.out));
      const truthPath = join(o.sample, 'truth.csv');
      if (existsSync(truthPath)) {
        const truth = await readTruth(truthPath);
        const planted = new Set(truth.filter((a) => a.campaign !== null).map((a) => a.account));
        const flagged = r.accounts.filter((a) => a.network !== null);
        const hits = flagged.filter((a) => planted.has(a.account)).length;
        const precision = flagged.length ? hits / flagged.length : 1;
        const recall = planted.size ? hits / planted.size : 1;
        process.stdout.write(
          `against the sample's ground truth: ${hits} of ${flagged.length} flagged accounts were planted (precision ${precision.toFixed(2)}), ` +
            `${hits} of ${planted.size} planted accounts found (recall ${recall.toFixed(2)})\n`,
        );
      }
      process.stdout.write(`open ${join(o.out, 'report.html')} in a browser\n`);
    });
}
