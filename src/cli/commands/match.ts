/**
 * `lockstep match INDICATORS DATA…`: a partner's account indicators (plain or keyed) against local
 * posts, answered with STIX sightings for the hits; `lockstep keyify BUNDLE`: turns an export's
 * account indicators into keyed ones for a trust group. The group key comes from --key-file or
 * LOCKSTEP_GROUP_KEY and is never printed. Thin wiring over src/exchange/matching (docs/FEDERATION.md).
 */
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { FORMAT_NAMES, IngestStats, parseMapping, readAllPosts } from '../../ingest/index.js';
import type { FormatName, IngestOptions } from '../../ingest/index.js';
import { keyify, parseIndicators } from '../../exchange/matching/indicators.js';
import { loadGroupKey } from '../../exchange/matching/keyed.js';
import { accountsOf, matchAccounts } from '../../exchange/matching/match.js';
import { parseTlp, TLP_LEVELS } from '../../stix/index.js';
import { writeAtomically } from './pull.js';
import { readTextFile } from '../../core/read-text.js';

async function readJson(file: string): Promise<unknown> {
  const text = await readTextFile(file);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LockstepError('ERR_MATCH_INPUT', `${file} is not JSON`, { file });
  }
}

async function emit(text: string, out: string | undefined): Promise<void> {
  if (out) await writeAtomically(out, text);
  else process.stdout.write(text);
}

interface MatchFlags {
  org: string;
  platform: string;
  keyFile?: string;
  plainOnly?: boolean;
  tlp: string;
  out?: string;
  format: string;
  map?: string;
}

export function register(program: Command): void {
  program
    .command('match')
    .description("match a partner's account indicators (plain or keyed) against local posts; write sightings")
    .argument('<indicators>', 'STIX bundle or TAXII envelope of account indicators')
    .argument('<data...>', 'local data set (any ingest format)')
    .requiredOption('--org <name>', 'your organisation (the sightings name it as where_sighted)')
    .option('--platform <type>', 'account_type of posts whose format does not say', 'twitter')
    .option('--key-file <file>', 'trust-group key (hex or base64, ≥32 bytes); else LOCKSTEP_GROUP_KEY')
    .option('--plain-only', 'ignore keyed indicators (no key needed)')
    .option('--tlp <level>', `TLP of the sightings: ${TLP_LEVELS.join(', ')}`, 'amber')
    .option('--format <name>', `input format: auto, ${FORMAT_NAMES.join(', ')}`, 'auto')
    .option('--map <mapping>', 'column mapping for csv/ndjson input')
    .option('--out <file>', 'write the sightings bundle here instead of standard output')
    .action(async (indicatorsFile: string, data: string[], o: MatchFlags) => {
      const tlp = parseTlp(o.tlp);
      if (!tlp)
        throw new LockstepError('ERR_USAGE', `--tlp "${o.tlp}" is not one of ${TLP_LEVELS.join(', ')}`);
      if (o.format !== 'auto' && !(FORMAT_NAMES as readonly string[]).includes(o.format))
        throw new LockstepError('ERR_USAGE', `--format must be auto or one of ${FORMAT_NAMES.join(', ')}`);
      const parsed = parseIndicators(await readJson(indicatorsFile), indicatorsFile);
      const needsKey = !o.plainOnly && parsed.accounts.some((a) => a.kind === 'keyed');
      const key = needsKey ? await loadGroupKey(o.keyFile) : undefined;
      const indicators = o.plainOnly ? parsed.accounts.filter((a) => a.kind === 'plain') : parsed.accounts;
      const ingest: IngestOptions = {
        format: o.format as FormatName | 'auto',
        ...(o.map ? { mapping: parseMapping(o.map) } : {}),
      };
      const accounts = await accountsOf(readAllPosts(data, ingest, new IngestStats()), o.platform);
      const r = matchAccounts(accounts, indicators, {
        platform: o.platform,
        org: o.org,
        tlp,
        ...(key ? { key } : {}),
      });
      await emit(`${JSON.stringify(r.bundle, null, 2)}\n`, o.out);
      process.stderr.write(
        `${r.hits} sightings (${r.plainHits} plain, ${r.keyedHits} keyed) from ${indicators.length} account indicators ` +
          `against ${r.accounts} local accounts; ${parsed.skipped.length} indicators skipped` +
          `${r.otherKey ? `; ${r.otherKey} keyed with another group key` : ''}\n`,
      );
    });

  program
    .command('keyify')
    .description('turn the account indicators of a STIX bundle into keyed ones for a trust group')
    .argument('<bundle>', 'STIX bundle (e.g. from lockstep export)')
    .option('--key-file <file>', 'trust-group key (hex or base64, ≥32 bytes); else LOCKSTEP_GROUP_KEY')
    .option('--platform <type>', 'account_type for indicators that name none')
    .option('--out <file>', 'write the keyed bundle here instead of standard output')
    .action(async (bundleFile: string, o: { keyFile?: string; platform?: string; out?: string }) => {
      const doc = await readJson(bundleFile);
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw new LockstepError('ERR_MATCH_INPUT', `${bundleFile}: expected a STIX bundle`, {
          file: bundleFile,
        });
      const key = await loadGroupKey(o.keyFile);
      const r = keyify(doc as Record<string, unknown>, key, o.platform);
      await emit(`${JSON.stringify(r.bundle, null, 2)}\n`, o.out);
      process.stderr.write(
        `keyed ${r.keyed} account indicators under key ${key.id}; left out ${r.left} other objects\n`,
      );
    });
}
