/**
 * What the workspace's Chromium tests share: the browser (Debian's /usr/bin/chromium, or
 * LOCKSTEP_CHROMIUM), why a suite skips (no browser, or no built front end in web/dist), launching it
 * headless, a store holding org-a with its analyst alice, and the runs the suites open (the demo
 * sample detected and imported; a run whose input posts carry hostile text in every field).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { runDetect } from '../../cli/commands/detect.js';
import { hashPassword } from '../../exchange/credentials.js';
import { makeResult } from '../../report/test-helpers/result-factory.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { PostDigest, precomputeRun } from '../precompute.js';
import { addRun } from '../runs.js';

export const CHROMIUM = process.env.LOCKSTEP_CHROMIUM ?? '/usr/bin/chromium';
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
