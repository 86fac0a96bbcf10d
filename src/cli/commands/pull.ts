/**
 * `lockstep pull --url U --collection C`: reads a remote TAXII 2.1 collection into a STIX bundle
 * (stdout or --out). With --state FILE a re-run asks only for objects added since the last pull.
 * Thin wiring over src/exchange/client and src/exchange/sync (docs/FEDERATION.md).
 */
import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { authFrom } from '../../exchange/client/auth-options.js';
import type { AuthFlags } from '../../exchange/client/auth-options.js';
import { TaxiiHttp } from '../../exchange/client/http.js';
import { TaxiiClient } from '../../exchange/client/taxii-client.js';
import type { TaxiiFilter } from '../../exchange/client/taxii-client.js';
import { pull } from '../../exchange/sync/pull-push.js';
import { SyncState } from '../../exchange/sync/state.js';
import { intArg, listArg, retriesArg } from '../args.js';

interface PullFlags extends AuthFlags {
  url: string;
  collection: string;
  out?: string;
  state?: string;
  type?: string;
  addedAfter?: string;
  allVersions?: boolean;
  limit?: string;
  timeout: string;
  retries: string;
}

/** Adds the credential and timeout options every TAXII client command shares. */
export function clientOptions(cmd: Command, prefix = ''): Command {
  // The variables authFrom reads: LOCKSTEP_TAXII_* for pull/push, LOCKSTEP_FROM_*/LOCKSTEP_TO_* for sync.
  const env = prefix === '' ? 'LOCKSTEP_TAXII' : `LOCKSTEP_${prefix.slice(0, -1).toUpperCase()}`;
  return cmd
    .option(`--${prefix}user <name>`, `user for HTTP Basic (password from ${env}_PASSWORD)`)
    .option(
      `--${prefix}password <pw>`,
      `password (prefer ${env}_PASSWORD: command lines are visible to others)`,
    )
    .option(`--${prefix}token <key>`, `API key sent as "Token" (prefer ${env}_TOKEN)`)
    .option(`--${prefix}bearer`, 'send the API key as "Bearer" instead of "Token"');
}

/** The TAXII client pull and push build from their shared credential, --timeout and --retries flags. */
export function clientFrom(o: AuthFlags & { timeout: string; retries: string }): TaxiiClient {
  return new TaxiiClient(
    new TaxiiHttp({
      auth: authFrom(o),
      timeoutMs: intArg(o.timeout, '--timeout', 1),
      retries: retriesArg(o.retries),
    }),
  );
}

export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    throw new LockstepError(
      'ERR_IO',
      `cannot write ${path}: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  }
}

export function register(program: Command): void {
  const cmd = program
    .command('pull')
    .description('read a TAXII 2.1 collection into a STIX bundle (docs/FEDERATION.md)')
    .requiredOption('--url <url>', 'discovery URL (…/taxii2/) or API root URL')
    .requiredOption('--collection <id|alias|title>', 'collection to read')
    .option('--out <file>', 'write the bundle here instead of standard output')
    .option('--state <file>', 'resume file: only objects added since the last pull')
    .option('--type <types>', 'only these STIX types (comma-separated)')
    .option('--added-after <timestamp>', 'only objects added after this time')
    .option('--all-versions', 'every version, not only the latest')
    .option('--limit <n>', 'page size to ask for')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '30000')
    .option('--retries <n>', 'retries on 429/5xx/network failure, with backoff', '4');
  clientOptions(cmd).action(async (o: PullFlags) => {
    const client = clientFrom(o);
    const coll = await client.resolveCollection(o.url, o.collection);
    const filter: TaxiiFilter = {
      ...(o.type ? { types: listArg(o.type) } : {}),
      ...(o.addedAfter ? { addedAfter: o.addedAfter } : {}),
      ...(o.allVersions ? { versions: ['all'] } : {}),
      ...(o.limit ? { limit: intArg(o.limit, '--limit', 1) } : {}),
    };
    const state = o.state ? await SyncState.open(o.state) : undefined;
    const r = await pull(client, coll, filter, state);
    const text = `${JSON.stringify(r.bundle, null, 2)}\n`;
    if (o.out) await writeAtomically(o.out, text);
    else process.stdout.write(text);
    process.stderr.write(
      `pulled ${r.bundle.objects.length} objects in ${r.pages} page(s) from ${coll.url}` +
        `${r.cursorAfter ? `; next pull starts after ${r.cursorAfter}` : ''}\n`,
    );
  });
}
