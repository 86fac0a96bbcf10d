/**
 * `lockstep serve` (the TAXII 2.1 server) and `lockstep taxii-admin …` (configuration, API keys).
 * Thin wiring over src/server/start.ts and src/exchange/admin.ts.
 */
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { applyConfig, loadConfig } from '../../exchange/config.js';
import { createApiKey, describeStore } from '../../exchange/admin.js';
import { hashPassword } from '../../exchange/credentials.js';
import { startServer } from '../../server/start.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import { portArg } from '../args.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function withStore<T>(db: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
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
    .option('--log', 'log requests as JSON lines')
    .option('--passwords-index <file>', 'also serve GET /range/{prefix} from this SHA-1 password index')
    .option('--passwords-ntlm-index <file>', 'also serve GET /range/{prefix}?mode=ntlm from this NTLM index')
    .action(
      async (o: {
        port: number;
        host: string;
        db?: string;
        config?: string;
        demo?: boolean;
        log?: boolean;
        passwordsIndex?: string;
        passwordsNtlmIndex?: string;
      }) => {
        if (!o.demo && !o.config) throw new LockstepError('ERR_USAGE', 'give --config FILE (or --demo)');
        const server = await startServer({
          port: o.port,
          host: o.host,
          ...(o.db !== undefined ? { db: o.db } : {}),
          ...(o.config !== undefined ? { config: o.config } : {}),
          demo: o.demo ?? false,
          logger: o.log ?? false,
          ...(o.passwordsIndex !== undefined ? { passwordsIndex: o.passwordsIndex } : {}),
          ...(o.passwordsNtlmIndex !== undefined ? { passwordsNtlmIndex: o.passwordsNtlmIndex } : {}),
        });
        out(`TAXII 2.1 discovery: ${server.discoveryUrl}`);
        if (server.passwordModes.length > 0)
          out(
            `passwords range API: ${server.discoveryUrl.replace(/\/taxii2\/$/, '')}/range/{prefix} (${server.passwordModes.join(', ')})`,
          );
        if (o.demo) out('demo users: alice / alice-password (org A), bob / bob-password (org B)');
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
  admin
    .command('apply-config')
    .description('Upsert orgs, users, keys, trust groups, collections and grants from a configuration file')
    .requiredOption('--db <file|url>', 'SQLite file or postgres:// URL')
    .requiredOption('--config <file>', 'configuration file (JSON)')
    .action(async (o: { db: string; config: string }) => {
      const config = await loadConfig(o.config);
      await withStore(o.db, (s) => applyConfig(s, config));
      out(`applied ${o.config}`);
    });
  admin
    .command('create-key')
    .description('Mint an API key for a user (printed once; only its hash is stored)')
    .requiredOption('--db <file|url>', 'SQLite file or postgres:// URL')
    .requiredOption('--user <name>', 'user the key acts as')
    .option('--label <text>', 'what the key is for')
    .action(async (o: { db: string; user: string; label?: string }) => {
      const key = await withStore(o.db, (s) => createApiKey(s, o.user, o.label));
      out(key);
    });
  admin
    .command('hash-password')
    .description('Read a password on stdin and print its scrypt hash for a configuration file')
    .action(async () => {
      const pw = await readStdin();
      if (pw.length < 8) throw new LockstepError('ERR_USAGE', 'the password must have at least 8 characters');
      out(await hashPassword(pw));
    });
  admin
    .command('list')
    .description('Show orgs, trust groups, users, collections and grants (never hashes)')
    .requiredOption('--db <file|url>', 'SQLite file or postgres:// URL')
    .action(async (o: { db: string }) => {
      out(await withStore(o.db, describeStore));
    });
}
