/**
 * Migration 2: objects lose their `hash` column. It held a SHA-256 of the stored JSON to tell an
 * identical re-post from a conflicting one, but the store compares the stored JSON text itself (it
 * reads it anyway for the key-order-insensitive fallback), so the hash only cost a SHA-256 per object
 * on every POST and 64 bytes per row. SQLite (≥ 3.35) rewrites the table once; PostgreSQL only marks
 * the column dropped.
 */
export const version = 2;
export const name = 'no-object-hash';

export const sql = `
ALTER TABLE objects DROP COLUMN hash;
`;
