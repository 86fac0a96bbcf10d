/**
 * Starts a listening TAXII server: opens the store, applies the configuration (or seeds the demo),
 * opens the password range indexes when given (served at `/range/{prefix}` beside TAXII), builds the
 * app and listens on loopback by default. Used by `lockstep serve` and the end-to-end test.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../exchange/config.js';
import { applyConfig, loadConfig, taxiiSettings } from '../exchange/config.js';
import { demoConfig, seedDemo } from '../exchange/demo.js';
import { LockstepError } from '../core/errors.js';
import type { HashMode } from '../protect/passwords/index.js';
import { RangeIndex } from '../protect/passwords/index.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';
import type { ConnectionLimits } from './app.js';
import { auditPrune } from '../exchange/admin.js';

export interface StartOptions {
  port: number;
  host?: string;
  /** SQLite file, `:memory:` or PostgreSQL URL (default `lockstep.db`; the demo uses `:memory:`). */
  db?: string;
  /** Configuration file (JSON); required unless `demo`. */
  config?: string;
  demo?: boolean;
  /** PostgreSQL schema (else the URL's `?schema=`, else the server's search_path). */
  pgSchema?: string;
  /** Log level (pino) for the JSON lines on stderr; default `info`, `silent` turns logging off. */
  logLevel?: string;
  /** Where the log lines go (default stderr). */
  logStream?: NodeJS.WritableStream;
  /** Timeouts and per-connection limits (app.ts, DEFAULT_LIMITS). */
  limits?: Partial<ConnectionLimits>;
  /** Most simultaneous connections; beyond it new ones are refused (default 1,024). */
  maxConnections?: number;
  /** SHA-1 password index (`lockstep passwords index`) to serve at `/range/{prefix}`. */
  passwordsIndex?: string;
  /** NTLM password index to serve at `/range/{prefix}?mode=ntlm`. */
  passwordsNtlmIndex?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** `http://host:port/taxii2/` */
  discoveryUrl: string;
  /** Hash modes served at `/range/{prefix}` (empty when no password index was given). */
  passwordModes: HashMode[];
  close(): Promise<void>;
}

/** Opens an index and checks it was built for the hash mode its option names. */
function openIndex(path: string, mode: HashMode, option: string): RangeIndex {
  const idx = RangeIndex.open(path);
  if (idx.mode !== mode) {
    idx.close();
    throw new LockstepError(
      'ERR_USAGE',
      `${option} ${path}: this index was built for ${idx.mode}; ${option} needs one built for ${mode}`,
      { file: path },
    );
  }
  return idx;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const indexes: Partial<Record<HashMode, RangeIndex>> = {};
  const closeIndexes = (): void => {
    for (const idx of Object.values(indexes)) idx.close();
  };
  try {
    if (opts.passwordsIndex !== undefined)
      indexes.sha1 = openIndex(opts.passwordsIndex, 'sha1', '--passwords-index');
    if (opts.passwordsNtlmIndex !== undefined)
      indexes.ntlm = openIndex(opts.passwordsNtlmIndex, 'ntlm', '--passwords-ntlm-index');
  } catch (e) {
    closeIndexes();
    throw e;
  }
  let store: Store;
  try {
    store = await openStore(opts.db ?? (opts.demo ? ':memory:' : 'lockstep.db'), {
      ...(opts.pgSchema !== undefined ? { pgSchema: opts.pgSchema } : {}),
    });
  } catch (e) {
    closeIndexes();
    throw e;
  }
  try {
    let config: ServerConfig;
    let pruned: string[] = [];
    if (opts.demo) {
      config = demoConfig();
      await seedDemo(store, config);
    } else {
      config = await loadConfig(opts.config!);
      // The configuration is the source of truth: what it no longer names stops working now.
      pruned = await auditPrune(store, opts.config!, await applyConfig(store, config));
    }
    const passwords = Object.keys(indexes).length > 0 ? { indexes } : undefined;
    const app = await buildApp({
      store,
      settings: taxiiSettings(config),
      logger:
        (opts.logLevel ?? 'info') === 'silent'
          ? false
          : { level: opts.logLevel ?? 'info', ...(opts.logStream ? { stream: opts.logStream } : {}) },
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(passwords ? { passwords } : {}),
    });
    const host = opts.host ?? '127.0.0.1';
    for (const line of pruned) app.log.warn({ config: opts.config }, line);
    if (store.dialect === 'postgres')
      void store.analyze().catch((e: unknown) => {
        app.log.warn({ err: e }, 'ANALYZE at start failed; statistics refresh again after writes');
      });
    await app.listen({ port: opts.port, host });
    app.server.maxConnections = opts.maxConnections ?? 1024;
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return {
      app,
      store,
      discoveryUrl: `http://${shownHost}:${port}/taxii2/`,
      passwordModes: Object.keys(indexes) as HashMode[],
      async close() {
        await app.close();
        await store.close();
        closeIndexes();
      },
    };
  } catch (e) {
    await store.close();
    closeIndexes();
    throw e;
  }
}
