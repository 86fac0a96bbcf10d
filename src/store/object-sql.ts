/**
 * SQL for object queries, written once for both dialects: TAXII filters (`match[id|type|spec_version|
 * version]`, `added_after`), the caller's TLP visibility, and the keyset page. Version terms `last` /
 * `first` pick per object the newest / oldest version the caller may see (visibility and spec_version
 * apply inside the correlated sub-select), so a caller never learns that a hidden newer version exists.
 * Cost: one index range scan on (collection_id, date_added, id, version_key) plus one primary-key probe (anti-join)
 * per candidate row for `last`/`first`.
 */
import type { SqlValue } from './driver.js';
import type { ObjectFilter } from './object-records.js';
import type { Visibility } from './visibility.js';
import type { Keyset } from './cursor.js';
import { versionKey } from './timestamps.js';

export interface Fragment {
  sql: string;
  params: SqlValue[];
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

function inList(column: string, values: readonly string[], out: Fragment): void {
  out.sql += ` AND ${column} IN (${marks(values.length)})`;
  out.params.push(...values);
}

function visibilitySql(vis: Visibility, alias: string, out: Fragment): void {
  const parts: string[] = [];
  const lanes: string[] = [];
  for (const rule of vis) {
    if ('keptApartFor' in rule) lanes.push(rule.keptApartFor);
    else if (rule.producers === 'any') {
      parts.push(`${alias}.tlp = ?`);
      out.params.push(rule.tlp);
    } else if (rule.producers.length > 0) {
      parts.push(`(${alias}.tlp = ? AND ${alias}.producer_org IN (${marks(rule.producers.length)}))`);
      out.params.push(rule.tlp, ...rule.producers);
    }
  }
  // Owners' rows (lane '') by TLP; rows kept apart only for their own lane's org.
  const owners = parts.length ? `(${alias}.lane = '' AND (${parts.join(' OR ')}))` : '';
  const apart = lanes.length ? `${alias}.lane IN (${marks(lanes.length)})` : '';
  out.params.push(...lanes);
  const any = [owners, apart].filter((p) => p !== '');
  out.sql += any.length ? ` AND (${any.join(' OR ')})` : ' AND 1 = 0';
}

/** WHERE conditions (starting with the collection) selecting the rows a filter names, alias `o`. */
export function objectWhere(f: ObjectFilter): Fragment {
  const out: Fragment = { sql: 'o.collection_id = ?', params: [f.collection] };
  if (f.ids?.length) inList('o.id', f.ids, out);
  if (f.types?.length) inList('o.type', f.types, out);
  if (f.specVersions?.length) inList('o.spec_version', f.specVersions, out);
  if (f.addedAfter !== undefined) {
    out.sql += ' AND o.date_added > ?';
    out.params.push(f.addedAfter);
  }
  if (f.visibility) visibilitySql(f.visibility, 'o', out);

  const terms = f.versions?.length ? f.versions : (['last'] as const);
  if (terms.includes('all')) return out;
  const alts: string[] = [];
  for (const t of terms) {
    if (t === 'last' || t === 'first') {
      const sub: Fragment = { sql: '', params: [] };
      if (f.specVersions?.length) inList('v.spec_version', f.specVersions, sub);
      if (f.visibility) visibilitySql(f.visibility, 'v', sub);
      // An anti-join rather than `= (SELECT MAX …)`: PostgreSQL estimates it far better and keeps
      // walking the page index instead of sorting a sequential scan for every page.
      alts.push(
        `NOT EXISTS (SELECT 1 FROM objects v WHERE v.collection_id = o.collection_id AND v.id = o.id` +
          ` AND v.version_key ${t === 'last' ? '>' : '<'} o.version_key${sub.sql})`,
      );
      out.params.push(...sub.params);
    } else if (typeof t === 'object') {
      alts.push('o.version_key = ?');
      out.params.push(versionKey(t.at) ?? t.at);
    }
  }
  // Parameters were pushed in textual order above, so the OR group can be appended as is.
  out.sql += ` AND (${alts.join(' OR ')})`;
  return out;
}

export function keysetAfter(k: Keyset | undefined, out: Fragment): void {
  if (!k) return;
  out.sql += ' AND (o.date_added, o.id, o.version_key) > (?, ?, ?)';
  out.params.push(k.dateAdded, k.id, k.versionKey);
}

export const OBJECT_COLUMNS =
  'o.id, o.type, o.spec_version, o.version, o.version_key, o.lane, o.date_added, o.tlp, o.producer_org, o.json';
export const PAGE_ORDER = 'ORDER BY o.date_added, o.id, o.version_key';
