/**
 * `lockstep serve` (the TAXII 2.1 server) and `lockstep taxii-admin …` (configuration, API keys).
 * Thin wiring over src/server/start.ts and src/exchange/admin.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Store } from '../../store/store.js';
import { LockstepError } from '../../core/errors.js';
import { applyConfig, loadConfig } from '../../exchange/config.js';
import {
  auditLines,
  auditPrune,
  createApiKey,
  describeStore,
  parseExpiry,
  removeUser,
  revokeApiKey,
} from '../../exchange/admin.js';
import type { AuditEntry } from '../../store/store.js';
import { hashPassword } from '../../exchange/credentials.js';
import { startServer } from '../../server/start.js';
import { withStore } from '../with-store.js';
import type { DbOptions } from '../with-store.js';
import { portArg, positiveArg as positive } from '../args.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A `taxii-admin` subcommand working on a store: `--db` and `--pg-schema`. */
function dbCommand(admin: Command, name: string, description: string): Command {
  return admin
    .command(name)
    .description(description)
    .requiredOption('--db <file|url>', 'SQLite file or postgres:// URL (?schema=NAME picks the schema)')
    .option('--pg-schema <name>', 'PostgreSQL schema');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `serve --demo` opens the workspace with the bundled sample's run loaded: detection runs on
 * samples/demo (a few seconds) into a temporary folder, published for org A at TLP:AMBER (so org B,
 * in the same trust group, sees it too), with a confirmed case on its first network sent to org B's
 * election-integrity contact (workspace/cases/demo.ts). Loaded only for the demo: its imports cost every other start.
 */
async function loadDemoRun(store: Store): Promise<void> {
  const [{ runDetect }, { SAMPLE_DIR }, { addRun }, { seedDemoCase }] = await Promise.all([
    import('./detect.js'),
    import('./demo.js'),
    import('../../workspace/runs.js'),
    import('../../workspace/cases/demo.js'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-serve-demo-'));
  try {
    const posts = join(SAMPLE_DIR, 'posts.csv.gz');
    await runDetect([posts], { format: 'auto', out: dir, reference: 'crowd' }); // as `demo`: an organic background
    const run = await addRun(store, dir, {
      org: 'org-a',
      tlp: 'amber',
      inputs: [posts],
      title: 'Demo sample (samples/demo)',
    });
    await seedDemoCase(store, run.id);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the TAXII 2.1 server (Ctrl-C stops it)')
    .option('--port <n>', 'TCP port (0 picks a free one)', (v: string) => portArg(v), 8021)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--db <file|url>', 'SQLite file, :memory: or postgres:// URL (default: lockstep.db)')
    .option(
      '--config <file>',
      'server configuration (JSON: orgs, users, keys, trust groups, collections, grants)',
    )
    .option('--demo', 'throw-away demo: alice/alice-password, bob/bob-password and sample objects')
    .option('--pg-schema <name>', 'PostgreSQL schema (instead of ?schema= in the URL)')
    .option(
      '--log-level <level>',
      'JSON log lines on stderr: fatal, error, warn, info, debug or silent',
      'info',
    )
    .option('--log', 'kept for old scripts: logging is on by default (see --log-level)')
    .option(
      '--request-timeout <s>',
      'seconds a whole request (headers and body) may take',
      positive('--request-timeout'),
      60,
    )
    .option('--max-connections <n>', 'most simultaneous connections', positive('--max-connections'), 1024)
    .option('--passwords-index <file>', 'also serve GET /range/{prefix} from this SHA-1 password index')
    .option('--passwords-ntlm-index <file>', 'also serve GET /range/{prefix}?mode=ntlm from this NTLM index')
    .action(
      async (o: {
        port: number;
        host: string;
        db?: string;
        config?: string;
        demo?: boolean;
        pgSchema?: string;
        logLevel: string;
        requestTimeout: number;
        maxConnections: number;
        passwordsIndex?: string;
        passwordsNtlmIndex?: string;
      }) => {
        if (!o.demo && !o.config) throw new LockstepError('ERR_USAGE', 'give --config FILE (or --demo)');
        if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(o.logLevel))
          throw new LockstepError('ERR_USAGE', `--log-level: unknown level "${o.logLevel}"`);
        const server = await startServer({
          port: o.port,
          host: o.host,
          ...(o.db !== undefined ? { db: o.db } : {}),
          ...(o.config !== undefined ? { config: o.config } : {}),
          demo: o.demo ?? false,
          ...(o.pgSchema !== undefined ? { pgSchema: o.pgSchema } : {}),
          logLevel: o.logLevel,
          limits: { requestTimeoutMs: o.requestTimeout * 1000 },
          maxConnections: o.maxConnections,
          ...(o.passwordsIndex !== undefined ? { passwordsIndex: o.passwordsIndex } : {}),
          ...(o.passwordsNtlmIndex !== undefined ? { passwordsNtlmIndex: o.passwordsNtlmIndex } : {}),
        });
        if (o.demo) await loadDemoRun(server.store);
        out(`TAXII 2.1 discovery: ${server.discoveryUrl}`);
        out(`workspace: ${server.discoveryUrl.replace(/\/taxii2\/$/, '')}/app/`);
        if (server.passwordModes.length > 0)
          out(
            `passwords range API: ${server.discoveryUrl.replace(/\/taxii2\/$/, '')}/range/{prefix} (${server.passwordModes.join(', ')})`,
          );
        if (o.demo)
          out(
            'demo users: alice / alice-password (org A), bob / bob-password (org B); the demo run is loaded',
          );
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(resolve, resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      },
    );

  const admin = program.command('taxii-admin').description('Administer the TAXII server store');
  dbCommand(
    admin,
    'apply-config',
    'Make the store match a configuration file: upsert what it names, remove (or retire) what it no longer names',
  )
    .requiredOption('--config <file>', 'configuration file (JSON)')
    .action(async (o: DbOptions & { config: string }) => {
      const config = await loadConfig(o.config);
      const lines = await withStore(o, async (s) => auditPrune(s, o.config, await applyConfig(s, config)));
      for (const line of lines) out(line);
      out(`applied ${o.config}`);
    });
  dbCommand(admin, 'create-key', 'Mint an API key for a user (printed once; only its hash is stored)')
    .requiredOption('--user <name>', 'user the key acts as')
    .option('--label <text>', 'what the key is for')
    .option(
      '--expires <when>',
      'refuse the key after this date/time (2027-01-31, 2027-01-31T12:00:00Z) or duration (90d, 12h)',
    )
    .action(async (o: DbOptions & { user: string; label?: string; expires?: string }) => {
      const expires = o.expires !== undefined ? parseExpiry(o.expires) : undefined;
      const key = await withStore(o, (s) => createApiKey(s, o.user, o.label, expires));
      out(key);
    });
  dbCommand(
    admin,
    'revoke-key',
    'Delete an API key (by id, as `list` shows it, or the whole key); refused from the next request on',
  )
    .requiredOption('--key <id|key>', 'key id (16 hex) or the full lsk_… key')
    .action(async (o: DbOptions & { key: string }) => {
      out(await withStore(o, (s) => revokeApiKey(s, o.key)));
    });
  dbCommand(admin, 'remove-user', 'Delete a user and its API keys; refused from the next request on')
    .requiredOption('--user <name>', 'user to remove')
    .action(async (o: DbOptions & { user: string }) => {
      out(await withStore(o, (s) => removeUser(s, o.user)));
    });
  dbCommand(
    admin,
    'audit',
    'Print the audit log (writes, denied requests, admin changes), newest first, as JSON lines',
  )
    .option('--since <time>', 'from this ISO timestamp on')
    .option('--until <time>', 'up to this ISO timestamp')
    .option('--actor <name>', 'only this user (or cli:<account> for taxii-admin)')
    .option('--action <text>', 'only this action, e.g. "POST /:apiRoot/collections/:collectionId/objects/"')
    .option('--outcome <ok|denied|failed>', 'only this outcome')
    .option('--limit <n>', 'at most this many records', positive('--limit'), 100)
    .action(
      async (
        o: DbOptions & {
          since?: string;
          until?: string;
          actor?: string;
          action?: string;
          outcome?: string;
          limit: number;
        },
      ) => {
        if (o.outcome !== undefined && !['ok', 'denied', 'failed'].includes(o.outcome))
          throw new LockstepError('ERR_USAGE', `--outcome must be ok, denied or failed, got ${o.outcome}`);
        const lines = await withStore(o, (s) =>
          auditLines(s, {
            limit: o.limit,
            ...(o.since !== undefined ? { since: o.since } : {}),
            ...(o.until !== undefined ? { until: o.until } : {}),
            ...(o.actor !== undefined ? { actor: o.actor } : {}),
            ...(o.action !== undefined ? { action: o.action } : {}),
            ...(o.outcome !== undefined ? { outcome: o.outcome as AuditEntry['outcome'] } : {}),
          }),
        );
        for (const line of lines) out(line);
      },
    );
  admin
    .command('hash-password')
    .description('Read a password on stdin and print its scrypt hash for a configuration file')
    .action(async () => {
      const pw = await readStdin();
      if (pw.length < 8) throw new LockstepError('ERR_USAGE', 'the password must have at least 8 characters');
      out(await hashPassword(pw));
    });
  dbCommand(
    admin,
    'list',
    'Show orgs, trust groups, users, API keys (label, expiry, last use; never secrets), collections and grants',
  ).action(async (o: DbOptions) => {
    out(await withStore(o, describeStore));
  });
}
