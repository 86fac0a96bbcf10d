/**
 * What the workspace browser benches share: a user of org-a in an imported store, the real app on a
 * local port, Chromium (playwright-core driving /usr/bin/chromium, headless, software WebGL) logged
 * in at 1280×860, and the store's first run.
 */
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { hashPassword } from '../src/exchange/credentials.js';
import { buildApp } from '../src/server/app.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

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
