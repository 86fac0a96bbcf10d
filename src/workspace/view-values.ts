/** Small conversions shared by the workspace's precomputed views (precompute.ts, graph-page.ts). */

/** Unix seconds as the API's ISO 8601 time. */
export const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/** observed ÷ expected (×chance), or null when the run has no chance model for it. */
export const ratioOf = (observed: number | undefined, expected: number | undefined): number | null =>
  observed !== undefined && expected !== undefined && expected > 0 ? observed / expected : null;

/** A repost's text without its `RT @author: ` prefix (the original's text as the repost quotes it). */
export function repostBody(text: string | null | undefined): string | null {
  if (text === undefined || text === null || text === '') return null;
  return text.replace(/^RT @[^:\s]+:\s*/, '');
}
