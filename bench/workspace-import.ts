/**
 * Import cost (issue #11): `lockstep runs add DIR` into a fresh SQLite store, the input posts read
 * for activity, examples and the dashboard as the CLI does, timed as this process's CPU (user +
 * system, every thread) and wall. One import per process, so that runs alternate base and new:
 *
 *   node --import tsx bench/workspace-import.ts DIR [STORE]   # DIR: a `lockstep detect --out` folder
 *
 * Prints one JSON line: { wall, cpu, posts, accounts, inputs }.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { addRun } from '../src/workspace/runs.js';

async function main(): Promise<void> {
  const [dir, file] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: bench/workspace-import.ts DIR [STORE]');
  const tmp = file === undefined ? mkdtempSync(join(tmpdir(), 'lockstep-bench-import-')) : undefined;
  const db = file ?? join(tmp!, 'store.db');
  rmSync(db, { force: true });
  const store = await openSqliteStore({ file: db });
  try {
    await store.putOrg({ id: 'org-a', name: 'Bench org', redRecipients: [] });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await addRun(store, dir, { org: 'org-a', tlp: 'amber' });
    const c = process.cpuUsage(c0);
    console.log(
      JSON.stringify({
        wall: +((performance.now() - t0) / 1000).toFixed(2),
        cpu: +((c.user + c.system) / 1e6).toFixed(2),
        posts: r.posts,
        accounts: r.accounts,
        inputs: r.inputsRead,
      }),
    );
  } finally {
    await store.close();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
