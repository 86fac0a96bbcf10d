/**
 * The ordered list of schema migrations and the runner that applies the missing ones when a store
 * opens. Each migration is one file `NNN-name.ts` exporting `version`, `name` and portable `sql`;
 * append new files here, never edit an applied one.
 */
import { LockstepError } from '../../core/errors.js';
import type { Driver } from '../driver.js';
import * as m001 from './001-initial.js';
import * as m002 from './002-no-object-hash.js';
import * as m003 from './003-object-owners.js';
import * as m004 from './004-revocation-audit.js';
import * as m005 from './005-factchecks.js';
import * as m006 from './006-workspace.js';
import * as m007 from './007-cases.js';
import * as m008 from './008-watchlists.js';
import * as m009 from './009-factcheck-vectors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009];

/** Adapts portable SQL to a dialect: PostgreSQL text columns compare bytewise ("C" collation). */
export function render(sql: string, dialect: Driver['dialect']): string {
  if (dialect === 'sqlite') return sql;
  return sql.replace(/\bTEXT\b/g, 'TEXT COLLATE "C"');
}

/**
 * Applies every migration newer than the database, each in its own transaction, recording it in
 * `lockstep_migrations`. On PostgreSQL an advisory lock serialises servers starting together.
 * Refuses a database migrated by a newer Lockstep.
 */
export async function migrate(driver: Driver): Promise<number[]> {
  await driver.exec(
    'CREATE TABLE IF NOT EXISTS lockstep_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  for (const m of MIGRATIONS) {
    await driver.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(4242001)');
      const done = await tx.all<{ version: unknown }>('SELECT version FROM lockstep_migrations');
      const versions = done.map((r) => Number(r.version));
      const newest = Math.max(0, ...versions);
      if (newest > known)
        throw new LockstepError(
          'ERR_STORE_MIGRATION',
          `the database is at schema version ${newest}, newer than this Lockstep knows (${known})`,
          { version: newest },
        );
      if (versions.includes(m.version)) return;
      try {
        await tx.exec(render(m.sql, tx.dialect));
      } catch (e) {
        throw new LockstepError(
          'ERR_STORE_MIGRATION',
          `migration ${m.version} (${m.name}) failed: ${e instanceof Error ? e.message : String(e)}`,
          { version: m.version },
          { cause: e },
        );
      }
      await tx.run('INSERT INTO lockstep_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    });
  }
  const rows = await driver.all<{ version: unknown }>(
    'SELECT version FROM lockstep_migrations ORDER BY version',
  );
  return rows.map((r) => Number(r.version));
}
