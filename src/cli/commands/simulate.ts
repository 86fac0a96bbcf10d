/**
 * `lockstep simulate --posts N --seed S --out DIR`: writes a simulated data set with planted campaigns
 * (src/simulate) as posts.csv.gz (Twitter IO archive layout, or QUT / IRA with --format) plus truth.csv.
 */
import { Option, type Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import {
  parseStart,
  writeSimulation,
  SCENARIO_KINDS,
  type ScenarioKind,
  type SimulationFormat,
} from '../../simulate/index.js';
import { createProgress } from '../../report/progress.js';
import { intArg, numberArg } from '../args.js';
import { plural } from '../../core/plural.js';

interface SimulateFlags {
  posts: string;
  seed: string;
  out: string;
  days: string;
  start?: string;
  format: SimulationFormat;
  timeResolution: 'second' | 'minute';
  campaignShare: string;
  gzipLevel: string;
  scenarios: string;
}

/** `all`, `none` or a comma-separated list of scenario kinds; ERR_USAGE naming an unknown kind. */
export function scenariosArg(value: string): readonly ScenarioKind[] {
  if (value === 'all') return SCENARIO_KINDS;
  if (value === 'none') return [];
  const kinds = value.split(',').map((k) => k.trim());
  const bad = kinds.find((k) => !(SCENARIO_KINDS as readonly string[]).includes(k));
  if (bad !== undefined) {
    throw new LockstepError(
      'ERR_USAGE',
      `--scenarios must be all, none or a comma-separated list of ${SCENARIO_KINDS.join(', ')}; got "${bad}"`,
      { option: '--scenarios' },
    );
  }
  return kinds as ScenarioKind[];
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'Write a simulated data set: an organic background with planted coordinated campaigns, and the ground truth',
    )
    .requiredOption('--posts <n>', 'number of posts to generate')
    .option('--seed <n>', 'random seed (same seed, same data)', '1')
    .requiredOption('--out <dir>', 'directory for posts.csv.gz, truth.csv and campaigns.csv')
    .option('--days <n>', 'length of the simulated period in days', '14')
    .option('--start <date>', 'first day, YYYY-MM-DD (default: 2024-03-04)')
    .addOption(
      new Option('--format <format>', 'layout of posts.csv.gz')
        .choices(['twitter-io', 'qut', 'ira'])
        .default('twitter-io'),
    )
    .addOption(
      new Option('--time-resolution <r>', "tweet_time precision (the real archives use 'minute')")
        .choices(['second', 'minute'])
        .default('second'),
    )
    .option('--campaign-share <f>', 'share of accounts in planted campaigns', '0.015')
    .option('--gzip-level <n>', 'gzip compression level 1–9', '1')
    .option(
      '--scenarios <kinds>',
      'hard negatives to add: all, none (the simulator before them), or kinds like debate-night,fan-community',
      'all',
    )
    .action(async (o: SimulateFlags) => {
      const start = o.start === undefined ? undefined : parseStart(o.start);
      if (o.start !== undefined && start === undefined) {
        throw new LockstepError('ERR_USAGE', `--start must be a date like 2024-03-04, got "${o.start}"`, {
          option: '--start',
        });
      }
      const progress = createProgress();
      const t = performance.now();
      const res = await writeSimulation(
        {
          posts: intArg(o.posts, '--posts', 1, 100_000_000),
          seed: intArg(o.seed, '--seed', 0, 2 ** 32 - 1),
          days: numberArg(o.days, '--days', 1 / 24, 3650),
          start,
          campaignShare: numberArg(o.campaignShare, '--campaign-share', 0, 0.5),
          format: o.format,
          timeResolution: o.timeResolution,
          gzipLevel: intArg(o.gzipLevel, '--gzip-level', 1, 9),
          scenarios: scenariosArg(o.scenarios),
          onProgress: (n) => {
            progress.update('simulating posts', n);
          },
        },
        o.out,
      );
      progress.done();
      process.stdout.write(
        `simulated ${plural(res.posts, 'post')} from a population of ${plural(res.accounts, 'account')}; ${plural(res.campaignAccounts, 'account')} in ${plural(res.campaigns, 'planted campaign')} (${((performance.now() - t) / 1000).toFixed(1)} s)\n` +
          `  ${res.scenarios} hard-negative scenarios (${res.scenarioAccounts} accounts)\n` +
          // truth.csv lists the whole population; accounts that happen not to post in the period are
          // absent from posts.csv.gz, so `lockstep detect` reads fewer accounts than this.
          `  truth.csv lists every account; those that never post in the period are not in posts.csv.gz, so detect reads fewer\n` +
          `  ${res.files.posts}\n  ${res.files.truth}\n  ${res.files.campaigns}\n  ${res.files.scenarios}\n`,
      );
    });
}
