/**
 * What the workspace browser benches share: a user of org-a in an imported store, the real app on a
 * local port, Chromium (playwright-core driving /usr/bin/chromium, headless, software WebGL) logged
 * in at 1280×860, and the store's first run; a bench run imported for org-a (a detect folder or
 * synthetic cliques); the page's main-thread busy time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { hashPassword } from '../src/exchange/credentials.js';
import { makeResult } from '../src/report/test-helpers/result-factory.js';
import { buildApp } from '../src/server/app.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { precomputeRun } from '../src/workspace/precompute.js';
import { addRun } from '../src/workspace/runs.js';

// Page-side code as strings (the benches' tsconfig has no DOM types; evaluate runs over CDP, so the
// app's CSP does not stop it).
/** Resolves after two animation frames: the frame asked for before it has been drawn. */
export const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';
/** Starts recording requestAnimationFrame timestamps; STOP_FRAMES ends it and returns them. */
export const START_FRAMES = `(() => {
  const w = window;
  w.__frames = [];
  w.__recording = true;
  const loop = (t) => { if (!w.__recording) return; w.__frames.push(t); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
})()`;
export const STOP_FRAMES = `(() => { window.__recording = false; return window.__frames; })()`;

const CHROMIUM = process.env.LOCKSTEP_CHROMIUM ?? '/usr/bin/chromium';
const USER = 'bench-reader';
const PASSWORD = 'bench-pw';

export interface Workspace {
  /** The app's origin, e.g. http://127.0.0.1:PORT. */
  base: string;
  browser: Browser;
  page: Page;
  runId: string;
}

/**
 * Runs `use` against the store `file` served with the front end in `webRoot` (default web/dist),
 * and closes browser, app and store after it.
 */
export async function withWorkspace(
  file: string,
  use: (w: Workspace) => Promise<void>,
  webRoot = join(import.meta.dirname, '..', 'web', 'dist'),
): Promise<void> {
  const store = await openSqliteStore({ file });
  try {
    if ((await store.getUser(USER)) === undefined)
      await store.putUser({ username: USER, org: 'org-a', passwordHash: await hashPassword(PASSWORD) });
    const app = await buildApp({ store, webRoot });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      page.setDefaultTimeout(300_000);
      await page.goto(`${base}/app/#/login`);
      await page.fill('#username', USER);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('table.runs');
      const { runs } = (await (await page.request.get(`${base}/api/runs`)).json()) as {
        runs: { id: string }[];
      };
      await use({ base, browser, page, runId: runs[0]!.id });
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * The page's main-thread busy time so far, in ms (CDP Performance TaskDuration): less sensitive than
 * wall time to other processes on a loaded machine. Call the returned function before and after.
 */
export async function mainThreadBusy(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
  };
}

/**
 * Imports a bench run into `store` for org-a (amber): `--run DIR [--input FILE…]` (a detect folder;
 * without `--input`, no input posts) or `--synthetic NETWORKS SIZE` (cliques, result-factory.ts).
 * Its run id and a line saying what was imported.
 */
export async function importBenchRun(
  store: Store,
  args: readonly string[],
): Promise<{ id: string; what: string }> {
  if (args[0] === '--run' && args[1] !== undefined) {
    const at = args.indexOf('--input');
    const inputs = at > 0 ? args.slice(at + 1) : undefined;
    const r = await addRun(store, args[1], {
      org: 'org-a',
      tlp: 'amber',
      ...(inputs ? { inputs } : { inputs: false }),
    });
    return {
      id: r.id,
      what: `runs add${inputs ? ' with input posts' : ''}: ${r.posts} posts, ${r.accounts} accounts, ${r.networks} networks, ${r.edges} edges`,
    };
  }
  if (args[0] === '--synthetic') {
    const result = makeResult({ networks: Number(args[1]), size: Number(args[2]) });
    const write = precomputeRun(result, {
      org: 'org-a',
      tlp: 'amber',
      title: 'synthetic',
      addedAt: new Date().toISOString(),
    });
    await store.putRun(write);
    return {
      id: write.run.id,
      what: `synthetic: ${result.accounts.length} accounts, ${result.edges.length} edges, ${result.networks.length} networks`,
    };
  }
  throw new Error('give --run DIR [--input FILE…] or --synthetic NETWORKS SIZE');
}

/**
 * A temporary SQLite store with org-a and the bench run of `args` imported (see
 * {@link importBenchRun}; what was imported is printed), handed to `use` as its file, removed after.
 */
export async function withBenchStore(
  prefix: string,
  args: readonly string[],
  use: (file: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'store.db');
  try {
    const store = await openSqliteStore({ file });
    try {
      await store.putOrg({ id: 'org-a', name: 'Bench org', redRecipients: [] });
      console.log((await importBenchRun(store, args)).what);
    } finally {
      await store.close();
    }
    await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
