import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from '../store.contract.js';
import type { StoreHarness } from '../store.contract.js';
import { ownershipContract } from '../ownership.contract.js';
import { revocationContract } from '../revocation.contract.js';
import { casesContract } from '../cases.contract.js';
import { watchlistsContract } from '../watchlists.contract.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
const harness: StoreHarness = {
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-store-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    return Promise.resolve({ open: () => openSqliteStore({ file }) });
  },
  cleanup() {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    return Promise.resolve();
  },
};
storeContract('sqlite', harness);
ownershipContract('sqlite', harness);
revocationContract('sqlite', harness);
casesContract('sqlite', harness);
watchlistsContract('sqlite', harness);
