/**
 * `lockstep push DIR|BUNDLE --url U --collection C`: sends a detection run (exported to STIX on the
 * fly, as `lockstep export` does) or a STIX bundle to a TAXII 2.1 collection, within the TLP ceiling,
 * skipping what the collection already holds. Thin wiring (docs/FEDERATION.md).
 */
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import type { AuthFlags } from '../../exchange/client/auth-options.js';
import type { StixObject } from '../../exchange/client/resources.js';
import { push } from '../../exchange/sync/pull-push.js';
import { importBundle, parseTlp, TLP_LEVELS } from '../../stix/index.js';
import { exportStix } from './export.js';
import { clientFrom, clientOptions } from './pull.js';
import { intArg } from '../args.js';
import { readTextFile } from '../../core/read-text.js';

interface PushFlags extends AuthFlags {
  url: string;
  collection: string;
  tlp: string;
  producer: string;
  maxTlp: string;
  unmarked: string;
  chunk: string;
  timeout: string;
  retries: string;
}

async function readInput(input: string, o: PushFlags): Promise<{ objects: StixObject[]; rejected: number }> {
  let isDir: boolean;
  try {
    isDir = (await stat(input)).isDirectory();
  } catch (e) {
    throw new LockstepError(
      'ERR_IO',
      `cannot read ${input}: ${(e as Error).message}`,
      { file: input },
      { cause: e },
    );
  }
  const text = isDir
    ? await exportStix({ stix: input, tlp: o.tlp, producer: o.producer })
    : await readTextFile(input);
  const r = importBundle(text);
  return { objects: r.objects, rejected: r.rejected.length };
}

export function register(program: Command): void {
  const cmd = program
    .command('push')
    .description(
      'send a detect output folder or a STIX bundle to a TAXII 2.1 collection (docs/FEDERATION.md)',
    )
    .argument('<input>', 'detect output folder (exported to STIX) or STIX 2.1 bundle file')
    .requiredOption('--url <url>', 'discovery URL (…/taxii2/) or API root URL')
    .requiredOption('--collection <id|alias|title>', 'collection to write to')
    .option('--tlp <level>', 'TLP marking when exporting a detect folder', 'amber')
    .option('--producer <name>', 'producing organisation when exporting a detect folder', 'Lockstep')
    .option(
      '--max-tlp <level>',
      `highest TLP sent (${TLP_LEVELS.join(', ')}); amber+strict/red only when named here`,
      'amber',
    )
    .option('--unmarked <send|skip>', 'what to do with objects without a TLP marking', 'send')
    .option('--chunk <n>', 'most objects per envelope', '500')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '30000')
    .option('--retries <n>', 'retries on 429/5xx/network failure, with backoff', '4');
  clientOptions(cmd).action(async (input: string, o: PushFlags) => {
    const ceiling = parseTlp(o.maxTlp);
    if (!ceiling)
      throw new LockstepError('ERR_USAGE', `--max-tlp "${o.maxTlp}" is not one of ${TLP_LEVELS.join(', ')}`);
    if (o.unmarked !== 'send' && o.unmarked !== 'skip')
      throw new LockstepError('ERR_USAGE', `--unmarked must be send or skip, got ${o.unmarked}`);
    const { objects, rejected } = await readInput(input, o);
    const client = clientFrom(o);
    const coll = await client.resolveCollection(o.url, o.collection);
    const r = await push(
      client,
      coll,
      objects,
      { ceiling, unmarked: o.unmarked, allowRestricted: ceiling === 'amber+strict' || ceiling === 'red' },
      { maxObjects: intArg(o.chunk, '--chunk', 1) },
    );
    process.stdout.write(
      `pushed to ${coll.url}: ${r.sent} sent, ${r.alreadyThere} already there, ${r.withheld.length} withheld by TLP, ` +
        `${r.failed.length} failed, ${rejected} invalid in the input\n`,
    );
    for (const f of r.failed.slice(0, 20)) process.stderr.write(`failed: ${f.id}: ${f.message ?? ''}\n`);
    if (r.failed.length > 0) process.exitCode = 1;
  });
}
