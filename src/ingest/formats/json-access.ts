/** Defensive accessors for untyped JSON (API payloads vary by version, tool and field selection). */

export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string or number as a string; undefined for anything else or ''. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** `strings(list, key)`: the `key` string of each object in `list` (e.g. hashtags[].tag). */
export function strings(list: unknown, key: string): string[] {
  const out: string[] = [];
  for (const item of arr(list)) {
    const s = str(obj(item)?.[key]);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** `<a href="…">Twitter for iPhone</a>` → `Twitter for iPhone`. */
export function stripTags(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(/<[^>]*>/g, '').trim();
  return t === '' ? undefined : t;
}
