/**
 * Which of the layout's columns `--engine duckdb` stages in `li_posts` for the requested behaviours,
 * and for which rows. Staging every column for every row (texts, and the urls cell twice: links and
 * domains read the same column) cost ~380 B a post; at 100M posts ~32 GB of it went to DuckDB's spill
 * folder and back, and reading + staging took 22 CPU-min, more than a behaviour's counting
 * (bench/RESULTS.md, session 15). Here a cell is staged only where some requested behaviour can read it:
 *
 * - lists (hashtags, mentions, urls, domains, images) and co-post's text only for rows without a repost
 *   target (a repost acts only in co-retweet, engine/post-batch.ts), and a list cell once however many
 *   lists read its column;
 * - co-retweet's text (the retweet-text key of a repost that names no target) only for rows without a
 *   target whose repost flag may be true — `mayBeTrue`, a superset of the reader's own test that the
 *   exact test (applied in Node, duckdb-input.ts) then narrows;
 * - co-mention's text only for replies (their leading @handles are addressing), the reply target only
 *   where co-reply or co-mention reads it.
 *
 * A cell left out is NULL in every query that would read it, so results are unchanged (duckdb-input.test
 * compares each behaviour alone and all together against the reader). Cost: none beyond the SELECT.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { SqlLayout, SqlListField } from '../../ingest/sql-layouts.js';

export const LISTS = ['hashtags', 'mentions', 'urls', 'domains', 'images'] as const;
export type ListName = (typeof LISTS)[number];

export const LIST_OF: Partial<Record<Behaviour, ListName>> = {
  'co-link': 'urls',
  'co-domain': 'domains',
  'co-hashtag': 'hashtags',
  'co-mention': 'mentions',
  'co-image': 'images',
};

export interface StagedColumns {
  /** `expression AS name` for li_posts, after its row number. */
  select: string[];
  /** The columns li_valid copies from li_posts (not the raw time or flag: li_valid has ts, is_repost). */
  keep: string[];
  /** The staged column holding each requested list's cell. */
  lists: Partial<Record<ListName, string>>;
}

/**
 * SQL that holds for a row without a repost target: `column(repostOf)` — the target's expression where
 * the query reads it (a raw cell while staging, the staged `repost_of` after) — IS NULL, or TRUE when
 * the layout has no target column.
 */
export function noTargetSql(layout: SqlLayout, column: (repostOf: string) => string): string {
  return layout.repostOf === undefined ? 'TRUE' : `${column(layout.repostOf)} IS NULL`;
}

/**
 * `cell(c)` is the SQL of a cell read as the reader reads an optional field (empty/NA/NULL → NULL);
 * `ident(c)` quotes a column name.
 */
export function stagedColumns(
  layout: SqlLayout,
  behaviours: readonly Behaviour[],
  cell: (column: string) => string,
  ident: (column: string) => string,
  withColumns = false,
): StagedColumns {
  const wants = (b: Behaviour): boolean => behaviours.includes(b);
  const select: string[] = [`${cell(layout.account)} AS account`, `${cell(layout.time.column)} AS t_raw`];
  const keep = ['account'];
  const noTarget = noTargetSql(layout, cell);
  if (layout.repostOf !== undefined) {
    select.push(`${cell(layout.repostOf)} AS repost_of`);
    keep.push('repost_of');
  }
  const flag = typeof layout.isRepost === 'object' ? layout.isRepost : undefined;
  if (flag !== undefined) select.push(`${cell(flag.column)} AS rt_flag`);

  const mentionsOfReplies =
    wants('co-mention') &&
    layout.mentions !== undefined &&
    layout.replyTo !== undefined &&
    layout.text !== undefined;
  if (layout.replyTo !== undefined && (wants('co-reply') || mentionsOfReplies)) {
    select.push(`${cell(layout.replyTo)} AS reply_to`);
    keep.push('reply_to');
  }

  if (layout.text !== undefined) {
    const rows: string[] = [];
    if (wants('co-post')) rows.push(noTarget);
    if (wants('co-retweet') && layout.isRepost !== false)
      rows.push(
        flag === undefined
          ? noTarget
          : `(${noTarget} AND coalesce(${(flag.mayBeTrue ?? (() => 'TRUE'))(cell(flag.column))}, false))`,
      );
    if (mentionsOfReplies) rows.push(`(${noTarget} AND ${cell(layout.replyTo!)} IS NOT NULL)`);
    if (withColumns) {
      select.push(`${cell(layout.text)} AS text`);
      keep.push('text');
    } else if (rows.length > 0) {
      select.push(`CASE WHEN ${rows.join(' OR ')} THEN ${cell(layout.text)} END AS text`);
      keep.push('text');
    }
  }

  const lists: Partial<Record<ListName, string>> = {};
  const byExpression = new Map<string, string>();
  for (const b of behaviours) {
    const l = LIST_OF[b];
    const field: SqlListField | undefined = l === undefined ? undefined : layout[l];
    if (l === undefined || field === undefined) continue;
    const value = field.raw ? `coalesce(${ident(field.column)}, '')` : cell(field.column);
    const expression = `CASE WHEN ${noTarget} THEN ${value} END`;
    let name = byExpression.get(expression);
    if (name === undefined) {
      name = `l_${l}`;
      byExpression.set(expression, name);
      select.push(`${expression} AS ${name}`);
      keep.push(name);
    }
    lists[l] = name;
  }
  if (withColumns) {
    // The profile cells are staged in li_posts but not copied to li_valid: only each account's latest
    // row reads them (duckdb-input-read.ts `li_profile`). The screen name's cell is kept for every row
    // (the first named post gives it).
    const profile = new Set(layout.profile?.columns.map((_, i) => profileCell(i)));
    if (layout.profile !== undefined) profile.delete(profileCell(layout.profile.screenName));
    for (const [expression, name] of postColumns(layout, cell, ident)) {
      select.push(`${expression} AS ${name}`);
      if (!profile.has(name)) keep.push(name);
    }
  }
  return { select, keep, lists };
}

/** The staged column holding a layout's profile cell `i` (`SqlLayout.profile.columns`). */
export function profileCell(i: number): string {
  return `profile_${i}`;
}

/**
 * The cells of every row that the run's post columns read (duckdb-input-columns.ts): the post id,
 * whether it is a reply, the cell its links come from (the URL flag), and the profile cells — each as
 * (expression, column name).
 */
function postColumns(
  layout: SqlLayout,
  cell: (column: string) => string,
  ident: (column: string) => string,
): [string, string][] {
  const out: [string, string][] = [];
  if (layout.id !== undefined) out.push([cell(layout.id), 'post_id']);
  const reply = [layout.replyTo, layout.replyAccount].filter((c) => c !== undefined);
  out.push([
    reply.length === 0 ? 'false' : reply.map((c) => `${cell(c)} IS NOT NULL`).join(' OR '),
    'is_reply',
  ]);
  const urls = layout.urls;
  if (urls !== undefined)
    out.push([urls.raw ? `coalesce(${ident(urls.column)}, '')` : cell(urls.column), 'url_cell']);
  layout.profile?.columns.forEach((c, i) => {
    out.push([c === undefined ? 'CAST(NULL AS VARCHAR)' : cell(c), profileCell(i)]);
  });
  return out;
}
