/**
 * `lockstep sync`: federates two TAXII 2.1 collections (any servers), one way (--from → --to) or both
 * ways (--two-way), resuming from a state file, never sending AMBER+STRICT/RED and never sending back
 * what the other side already holds. Thin wiring over src/exchange/sync (docs/FEDERATION.md).
 */
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { authFrom } from '../../exchange/client/auth-options.js';
import { TaxiiHttp } from '../../exchange/client/http.js';
import { TaxiiClient } from '../../exchange/client/taxii-client.js';
import { SYNC_POLICY } from '../../exchange/sync/policy.js';
import { SyncState } from '../../exchange/sync/state.js';
import { describeReport, syncBothWays, syncOneWay } from '../../exchange/sync/sync.js';
import type { SyncSide } from '../../exchange/sync/sync.js';
import { parseTlp } from '../../stix/index.js';
import { clientOptions } from './pull.js';
import { intArg, retriesArg } from '../args.js';

type Flags = Record<string, string | boolean | undefined>;

async function side(o: Flags, name: 'from' | 'to', timeoutMs: number, retries: number): Promise<SyncSide> {
  const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
  const url = str(name);
  const collection = str(`${name}Collection`);
  if (!url || !collection)
    throw new LockstepError('ERR_USAGE', `give --${name} URL and --${name}-collection ID|ALIAS`);
  const auth = authFrom(
    {
      ...(str(`${name}User`) !== undefined ? { user: str(`${name}User`)! } : {}),
      ...(str(`${name}Password`) !== undefined ? { password: str(`${name}Password`)! } : {}),
      ...(str(`${name}Token`) !== undefined ? { token: str(`${name}Token`)! } : {}),
      bearer: o[`${name}Bearer`] === true,
    },
    process.env,
    `LOCKSTEP_${name.toUpperCase()}`,
    `--${name}-`,
  );
  const client = new TaxiiClient(new TaxiiHttp({ auth, timeoutMs, retries }));
  return { client, collection: await client.resolveCollection(url, collection) };
}

export function register(program: Command): void {
  const cmd = program
    .command('sync')
    .description('federate two TAXII 2.1 collections, one way or both ways (docs/FEDERATION.md)')
    .requiredOption('--from <url>', 'source server: discovery or API root URL')
    .requiredOption('--from-collection <id|alias|title>', 'source collection')
    .requiredOption('--to <url>', 'target server: discovery or API root URL')
    .requiredOption('--to-collection <id|alias|title>', 'target collection')
    .option('--two-way', 'also copy what is new on the target back to the source')
    .option('--state <file>', 'cursor file that makes re-runs incremental', 'lockstep-sync.json')
    .option(
      '--max-tlp <level>',
      'highest TLP sent: clear, green or amber (amber+strict/red never go)',
      'amber',
    )
    .option('--unmarked <send|skip>', 'what to do with objects without a TLP marking', 'send')
    .option('--latest-only', 'copy only the latest version of each object')
    .option('--limit <n>', 'page size to ask for')
    .option('--dry-run', 'report what would be sent; send nothing, keep the cursors')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '30000')
    .option('--retries <n>', 'retries on 429/5xx/network failure, with backoff', '4');
  clientOptions(clientOptions(cmd, 'from-'), 'to-').action(async (o: Flags) => {
    const ceiling = parseTlp(String(o.maxTlp));
    if (!ceiling || ceiling === 'amber+strict' || ceiling === 'red')
      throw new LockstepError(
        'ERR_USAGE',
        `--max-tlp must be clear, green or amber for sync, got ${String(o.maxTlp)}`,
      );
    if (o.unmarked !== 'send' && o.unmarked !== 'skip')
      throw new LockstepError('ERR_USAGE', `--unmarked must be send or skip, got ${String(o.unmarked)}`);
    const timeoutMs = intArg(String(o.timeout), '--timeout', 1);
    const retries = retriesArg(String(o.retries));
    const from = await side(o, 'from', timeoutMs, retries);
    const to = await side(o, 'to', timeoutMs, retries);
    const opts = {
      state: await SyncState.open(String(o.state)),
      policy: {
        ...SYNC_POLICY,
        ceiling,
        unmarked: o.unmarked === 'skip' ? ('skip' as const) : ('send' as const),
      },
      versions: o.latestOnly ? ('last' as const) : ('all' as const),
      dryRun: o.dryRun === true,
      ...(typeof o.limit === 'string' ? { pageLimit: intArg(o.limit, '--limit', 1) } : {}),
    };
    const reports = o.twoWay ? await syncBothWays(from, to, opts) : [await syncOneWay(from, to, opts)];
    for (const r of reports) process.stdout.write(`${describeReport(r)}\n`);
    if (reports.some((r) => r.failed.length > 0)) process.exitCode = 1;
  });
}
