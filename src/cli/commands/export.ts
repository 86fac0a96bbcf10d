/**
 * `lockstep export --stix DIR`: reads a detect output folder (src/report) and writes a STIX 2.1 bundle
 * (src/stix, docs/STIX.md). Thin wiring: options, files, and a final validation of every object so an
 * invalid bundle is never written.
 */
import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { readDetectionOutput } from '../../report/index.js';
import {
  TLP_LEVELS,
  importBundle,
  parseTlp,
  toStixBundle,
  validateObjects,
  type StixObject,
} from '../../stix/index.js';
import { readTextFile } from '../../core/read-text.js';

export interface ExportFlags {
  stix?: string;
  tlp: string;
  producer: string;
  platform?: string;
  previous?: string;
  out?: string;
}

async function readPrevious(path: string): Promise<StixObject[]> {
  return importBundle(await readTextFile(path)).objects;
}

/** Builds the bundle text for `flags`; exported for tests. */
export async function exportStix(flags: ExportFlags): Promise<string> {
  if (!flags.stix)
    throw new LockstepError('ERR_USAGE', 'export needs --stix DIR (a detect output folder)', {
      option: '--stix',
    });
  const tlp = parseTlp(flags.tlp);
  if (!tlp) {
    throw new LockstepError('ERR_USAGE', `--tlp "${flags.tlp}" is not one of ${TLP_LEVELS.join(', ')}`, {
      option: '--tlp',
    });
  }
  if (flags.producer.trim() === '')
    throw new LockstepError('ERR_USAGE', '--producer must not be empty', { option: '--producer' });
  const result = await readDetectionOutput(flags.stix);
  const previous = flags.previous ? await readPrevious(flags.previous) : undefined;
  const bundle = toStixBundle(result, {
    tlp,
    producer: flags.producer,
    ...(flags.platform ? { accountType: flags.platform } : {}),
    ...(previous ? { previous } : {}),
  });
  const bad = validateObjects(bundle.objects).filter((r) => !r.ok);
  if (bad.length > 0) {
    throw new LockstepError(
      'ERR_STIX_INVALID',
      `export produced ${bad.length} invalid objects (a bug): ${bad[0]!.errors.join('; ')}`,
      {
        objects: bad.slice(0, 5),
      },
    );
  }
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write a STIX 2.1 bundle of a detect output folder (docs/STIX.md)')
    .option(
      '--stix <detect-output-dir>',
      'the detect output folder to read and export as STIX 2.1 (required)',
    )
    .option('--tlp <level>', `TLP 2.0 marking: ${TLP_LEVELS.join(', ')}`, 'amber')
    .option('--producer <name>', 'name of the producing organisation (the STIX identity)', 'Lockstep')
    .option(
      '--platform <type>',
      'user-account account_type, e.g. twitter, facebook (default: from the input format)',
    )
    .option(
      '--previous <file>',
      'the previous export: keep ids, version changed findings, revoke vanished ones',
    )
    .option('--out <file>', 'write the bundle here instead of standard output')
    .action(async (o: ExportFlags) => {
      const text = await exportStix(o);
      if (!o.out) {
        process.stdout.write(text);
        return;
      }
      // Write then rename, so a crash never leaves a half-written bundle where the last good one was.
      const tmp = `${o.out}.tmp-${process.pid}`;
      try {
        await writeFile(tmp, text);
        await rename(tmp, o.out);
      } catch (e) {
        throw new LockstepError(
          'ERR_IO',
          `cannot write ${o.out}: ${(e as Error).message}`,
          { file: o.out },
          { cause: e },
        );
      }
    });
}
