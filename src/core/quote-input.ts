/**
 * Quotes a piece of user input for an error message: control, format and unpaired-surrogate
 * characters are shown as escapes (`\x1b`, `\u200e`) so a binary file cannot drive the terminal, and
 * input longer than `max` characters is cut, saying how long it was, so a 50 MB line gives a one-line
 * message. Cost: O(min(length, max)).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/gu;

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function escapeChar(c: string): string {
  const named = ESCAPES[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0)!;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `"text"`, escaped; `"first 120 characters…" (52,428,800 characters)` when longer than `max`. */
export function quoteInput(text: string, max = 120): string {
  const cut = text.length > max;
  // Cut by UTF-16 units, then drop a high surrogate left alone at the end by the cut.
  let head = cut ? text.slice(0, max) : text;
  if (cut && /[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const body = head.replace(/["\\]/g, escapeChar).replace(UNPRINTABLE, escapeChar);
  return cut ? `"${body}…" (${text.length.toLocaleString('en-US')} characters)` : `"${body}"`;
}
