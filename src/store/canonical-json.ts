/**
 * Canonical JSON (object keys sorted, no whitespace) so that two posts of the same object version with
 * keys in a different order count as identical. Hand-written because it is ten lines; JCS (RFC 8785)
 * number canonicalisation is not needed here since both sides went through JSON.parse.
 */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}
