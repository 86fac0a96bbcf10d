/**
 * What the workspace's Chromium tests share: the browser (Debian's /usr/bin/chromium, or
 * LOCKSTEP_CHROMIUM), why a suite skips (no browser, or no built front end in web/dist), launching it
 * headless, and a store holding org-a with its analyst alice.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { hashPassword } from '../exchange/credentials.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

export const CHROMIUM = process.env.LOCKSTEP_CHROMIUM ?? '/usr/bin/chromium';
const WEB = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

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
