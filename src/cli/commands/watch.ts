/**
 * `lockstep watch --protect FILE FEED`: thin wiring over src/protect/lookalikes' matcher. Prints one
 * TSV line per hit (observed, unicode, protected, score, reasons, line), a summary with skipped
 * lines on stderr, and optionally a STIX 2.1 bundle of the hits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { LockstepError, isLockstepError } from '../../core/errors.js';
import { TLP2_MARKINGS, TLP_LEVELS, parseTlp, producerIdentity } from '../../stix/index.js';
import { numberArg } from '../args.js';
import { plural } from '../../core/plural.js';
import type { FeedFormat, ProtectedDomain, WatchHit } from '../../protect/lookalikes/index.js';
import {
  WatchMatcher,
  hitsToBundle,
  parseProtectedDomain,
  runWatch,
} from '../../protect/lookalikes/index.js';

function readProtected(path: string): ProtectedDomain[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LockstepError('ERR_IO', `cannot read protect file ${path}: ${(e as Error).message}`, {
      file: path,
    });
  }
  const out: ProtectedDomain[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.replace(/#.*$/, '').trim();
    if (t === '') continue;
    out.push(parseProtectedDomain(t, { file: path, line: i + 1 }));
  }
  if (out.length === 0) {
    throw new LockstepError(
      'ERR_LOOKALIKE_BAD_FEED',
      `${path}: no protected domain (expected one per line)`,
      { file: path },
    );
  }
  return out;
}

export function register(program: Command): void {
  program
    .command('watch')
    .description(
      'Match observed domains (list, certstream JSON lines, zone file; "-" for stdin) against protected domains',
    )
    .argument('<feed>', 'feed file, or - for standard input')
    .requiredOption('--protect <file>', 'protected domains, one per line')
    .option('--min-score <s>', 'lowest score reported, 0…1', '0.7')
    .option('--stix <out>', 'write the hits as a STIX 2.1 bundle to this file')
    .option('--tlp <level>', 'TLP 2.0 marking of the --stix objects', 'amber')
    .option('--producer <name>', 'producing organisation (the identity) of the --stix objects', 'Lockstep')
    .addOption(
      new Option('--feed-format <format>', 'feed format (default: sniffed)').choices([
        'list',
        'certstream',
        'zone',
      ]),
    )
    .action(
      async (
        feed: string,
        o: {
          protect: string;
          minScore: string;
          stix?: string;
          tlp: string;
          producer: string;
          feedFormat?: FeedFormat;
        },
      ) => {
        const tlp = parseTlp(o.tlp);
        if (!tlp)
          throw new LockstepError('ERR_USAGE', `--tlp "${o.tlp}" is not one of ${TLP_LEVELS.join(', ')}`);
        const minScore = numberArg(o.minScore, '--min-score', 0, 1);
        const matcher = new WatchMatcher(readProtected(o.protect), { minScore });
        const hits: WatchHit[] = [];
        process.stdout.write('observed\tunicode\tprotected\tscore\treasons\tline\n');
        let summary;
        try {
          summary = await runWatch(
            feed === '-' ? process.stdin : feed,
            matcher,
            (h, line) => {
              hits.push(h);
              process.stdout.write(
                `${h.observed}\t${h.unicode}\t${h.protected}\t${h.score}\t${h.reasons.join(',')}\t${line}\n`,
              );
            },
            o.feedFormat,
          );
        } catch (e) {
          if (isLockstepError(e)) throw e;
          throw new LockstepError('ERR_IO', `cannot read feed ${feed}: ${(e as Error).message}`, {
            file: feed,
          });
        }
        process.stderr.write(
          `watch: ${plural(summary.names, 'name')} (≈${summary.unique} distinct, ${summary.hitNames} hit) from ${plural(summary.lines, 'line')} against ` +
            `${plural(matcher.size, 'protected domain')}: ${plural(summary.hits, 'hit')}, ${summary.skipped} skipped, ${summary.ignored} ignored\n`,
        );
        for (const s of summary.skips.slice(0, 20)) {
          process.stderr.write(
            `watch: skipped line ${s.line}: ${s.reason}${s.value ? ` (${JSON.stringify(s.value)})` : ''}\n`,
          );
        }
        if (o.stix) {
          const bundle = hitsToBundle(hits, {
            marking: TLP2_MARKINGS[tlp],
            producer: producerIdentity(o.producer, tlp),
          });
          writeFileSync(o.stix, `${JSON.stringify(bundle, null, 2)}\n`);
        }
      },
    );
}
