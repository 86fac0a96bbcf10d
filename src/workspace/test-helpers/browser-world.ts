/**
 * What the workspace's Chromium tests share: the browser (Debian's /usr/bin/chromium, or
 * LOCKSTEP_CHROMIUM), why a suite skips (no browser, or no built front end in web/dist), launching it
 * headless, a store holding org-a with its analyst alice, the runs the suites open (the demo
 * sample detected and imported; a run whose input posts carry hostile text in every field), and
 * `browserWorld()`, the before/after every suite runs: store, app on a port, browser, and cleanup.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runDetect } from '../../cli/commands/detect.js';
import { hashPassword } from '../../exchange/credentials.js';
import { makeResult } from '../../report/test-helpers/result-factory.js';
import { buildApp } from '../../server/app.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { PostDigest, precomputeRun } from '../precompute.js';
import { addRun } from '../runs.js';

export const CHROMIUM = process.env.LOCKSTEP_CHROMIUM ?? '/usr/bin/chromium';
/** LOCKSTEP_UI_SCREENSHOTS=DIR: the suites keep a PNG of each page there (docs/UI.md's come from this). */
export const SHOTS = process.env.LOCKSTEP_UI_SCREENSHOTS;
const WEB = fileURLToPath(new URL('../../../web/dist/index.html', import.meta.url));

/** The reason `suite` cannot run here (printed as a SKIP line), or false. */
export function browserSkip(suite: string): string | false {
  const skip = !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing (apt-get install -y chromium, or set LOCKSTEP_CHROMIUM): ${suite} not run`
    : !existsSync(WEB)
      ? `${WEB} is missing (run npm run build): ${suite} not run`
      : false;
  if (skip) console.log(`# SKIP ${suite} in Chromium: ${skip}`);
  return skip;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/** A SQLite store at `file` with org-a (Civic Watch) and its user alice (password `password`). */
export async function storeWithAlice(file: string, password: string): Promise<Store> {
  const store = await openSqliteStore({ file });
  await store.putOrg({ id: 'org-a', name: 'Civic Watch', redRecipients: [] });
  await store.putUser({ username: 'alice', org: 'org-a', passwordHash: await hashPassword(password) });
  return store;
}

export const DEMO = fileURLToPath(new URL('../../../samples/demo/posts.csv.gz', import.meta.url));

/** The demo sample detected into `dir`/demo and imported for org-a (amber): its run id. */
export async function addDemoRun(store: Store, dir: string): Promise<string> {
  await runDetect([DEMO], { format: 'auto', out: join(dir, 'demo'), progress: 'none' });
  const run = await addRun(store, join(dir, 'demo'), {
    org: 'org-a',
    tlp: 'amber',
    inputs: [DEMO],
    title: 'Demo sample',
  });
  return run.id;
}

/**
 * A red run for org-a whose six input posts, retweets of `p-hostile` by one network's three accounts,
 * carry `text` and hostile names everywhere a page shows them: a `<script>` hashtag, `urls`, an HTML
 * author. Its run id.
 */
export async function addHostileRun(
  store: Store,
  o: { title: string; text: string; urls: string[] },
): Promise<string> {
  const d = makeResult({ networks: 1, size: 3 });
  d.startedAt = '2025-03-01T00:00:00.000Z';
  const digest = new PostDigest(new Set(d.accounts.map((x) => x.account)));
  for (let i = 0; i < 6; i++)
    digest.add({
      account: d.accounts[i % 3]!.account,
      time: Date.UTC(2024, 2, 4, 9 + i) / 1000,
      text: o.text,
      isRepost: true,
      repostOf: 'p-hostile',
      repostOfAccount: '<b>origin</b>',
      hashtags: ['<script>'],
      mentions: [],
      urls: o.urls,
      domains: ['example.org'],
      images: [],
      source: { file: 'hostile.csv', line: i + 2 },
    });
  const write = precomputeRun(
    d,
    { org: 'org-a', tlp: 'red', title: o.title, addedAt: '2020-01-01T00:00:00.000Z' },
    digest,
  );
  await store.putRun(write);
  return write.run.id;
}

/** One suite's world, filled in by its `before` hook (read the fields inside tests and hooks only). */
export class BrowserWorld {
  /** A fresh temporary folder (the store, detect outputs), removed after the suite. */
  dir = '';
  store!: Store;
  app!: FastifyInstance;
  /** The app's origin on a free local port, e.g. `http://127.0.0.1:40123`. */
  base = '';
  browser!: Browser;
  /** alice's password in this world's store. */
  password = 'alice-password';

  /** Logs `page` in as alice through the login form; resolves on the runs list. */
  async logIn(page: Page): Promise<void> {
    await page.goto(`${this.base}/app/#/login`);
    await page.fill('#username', 'alice');
    await page.fill('#password', this.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('table.runs');
  }
}

/**
 * Registers the suite's `before` and `after` hooks (call it in the `describe` body): a temporary
 * folder, a SQLite store with org-a and alice (`password`), the suite's own data (`seed`, before the
 * app starts), the app listening on 127.0.0.1, Chromium; afterwards everything closed and the folder
 * removed. Makes the screenshot folder when LOCKSTEP_UI_SCREENSHOTS asks for PNGs.
 */
export function browserWorld(o: {
  prefix: string;
  password?: string;
  seed?: (store: Store, dir: string) => Promise<void>;
}): BrowserWorld {
  const w = new BrowserWorld();
  if (o.password !== undefined) w.password = o.password;
  before(async () => {
    w.dir = mkdtempSync(join(tmpdir(), o.prefix));
    w.store = await storeWithAlice(join(w.dir, 'store.db'), w.password);
    await o.seed?.(w.store, w.dir);
    w.app = await buildApp({ store: w.store });
    w.base = await w.app.listen({ port: 0, host: '127.0.0.1' });
    w.browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await w.browser.close();
    await w.app.close();
    await w.store.close();
    rmSync(w.dir, { recursive: true, force: true });
  });
  return w;
}
