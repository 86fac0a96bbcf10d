/**
 * XML 1.0 escaping for graph.gexf (gexf.ts) and the edge rows it shares with edges.csv
 * (edge-columns.ts): one file so that neither imports the other.
 */

/** Escapes text for XML 1.0 attributes and content, dropping characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
