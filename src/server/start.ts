/**
 * Starts a listening TAXII server: opens the store, applies the configuration (or seeds the demo),
 * builds the app and listens on loopback by default. Used by `lockstep serve` and the end-to-end test.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../exchange/config.js';
import { applyConfig, loadConfig, taxiiSettings } from '../exchange/config.js';
import { demoConfig, seedDemo } from '../exchange/demo.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';

export interface StartOptions {
  port: number;
  host?: string;
  /** SQLite file, `:memory:` or PostgreSQL URL (default `lockstep.db`; the demo uses `:memory:`). */
  db?: string;
  /** Configuration file (JSON); required unless `demo`. */
  config?: string;
  demo?: boolean;
  logger?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** `http://host:port/taxii2/` */
  discoveryUrl: string;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const store = await openStore(opts.db ?? (opts.demo ? ':memory:' : 'lockstep.db'));
  try {
    let config: ServerConfig;
    if (opts.demo) {
      config = demoConfig();
      await seedDemo(store, config);
    } else {
      config = await loadConfig(opts.config!);
      await applyConfig(store, config);
    }
    const app = await buildApp({ store, settings: taxiiSettings(config), logger: opts.logger ?? false });
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port, host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return {
      app,
      store,
      discoveryUrl: `http://${shownHost}:${port}/taxii2/`,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
