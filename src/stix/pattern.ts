/**
 * Builds STIX patterns (STIX 2.1 §9). String literals are single-quoted with `\` escaping `'` and `\`
 * (the grammar's StringLiteral rule), so any account id or URL can be embedded safely.
 */

export function patternString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `[type:prop = 'v' AND type:prop2 = 'w']`: one observation expression over one object. */
export function equalityPattern(type: string, props: readonly (readonly [string, string])[]): string {
  return `[${props.map(([p, v]) => `${type}:${p} = ${patternString(v)}`).join(' AND ')}]`;
}
