/**
 * Text every store can hold. PostgreSQL `text` rejects the NUL character ("invalid byte sequence for
 * encoding UTF8: 0x00"), and a lone UTF-16 surrogate has no UTF-8 form (drivers silently turn it into
 * U+FFFD, so a look-up would search for a different string). Input carrying either cannot name
 * anything stored; the exchange refuses it at the edge (exchange/taxii/clean-input.ts) so SQLite and
 * PostgreSQL answer alike. Cost: one regular-expression scan, O(length).
 */
// eslint-disable-next-line no-control-regex -- finding NUL and control characters is the point
const UNFIT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isCleanText(s: string): boolean {
  return !UNFIT.test(s);
}
