/** HTML escaping and small formatting helpers shared by the report.html renderers. */

export function esc(s: string | number | undefined | null): string {
  if (s === undefined || s === null) return '';
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tokens longer than this get break points (URLs, long ids); ordinary words never do. */
const LONG_TOKEN = 24;

/**
 * `s` escaped, with `<wbr>` break points after the separators (`/ . ? & = _ -`) of its long tokens, so
 * a table cell wraps a URL at its punctuation and no word is broken in the middle (CSS's
 * `word-break: break-all` cut any word anywhere).
 */
export function breakable(s: string): string {
  return s
    .split(/(\s+)/)
    .map((token) =>
      token.length <= LONG_TOKEN
        ? esc(token)
        : token
            .split(/(?<=[/.?&=_-])/)
            .map(esc)
            .join('<wbr>'),
    )
    .join('');
}

/** A number for people: 3 significant digits, scientific below 0.001. */
export function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  if (Math.abs(v) < 1e-3) return v.toExponential(1);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toPrecision(3);
}

export function when(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Colour of network `i` (12 distinguishable hues, then repeats lighter). */
export function colour(i: number): string {
  const hues = [210, 12, 140, 280, 40, 180, 330, 95, 250, 0, 60, 160];
  return `hsl(${hues[i % hues.length]!} ${i < 12 ? 70 : 45}% ${i < 12 ? 45 : 62}%)`;
}

/** A probability: doubles underflow to 0 far below any meaningful level, so say so. */
export function prob(v: number | undefined): string {
  if (v === 0) return '&lt; 1e-300';
  return fmt(v);
}
