/**
 * Checks the workspace's browser tests run on every page (issue #11's quality bar: keyboard-usable,
 * WCAG AA contrast, usable at 1280 px):
 * - {@link contrastProblems}: every rendered text (HTML text and SVG `<text>`) against the colour
 *   behind it, by WCAG 2.x's contrast ratio (relative luminance of sRGB; AA: 4.5:1, 3:1 for large text
 *   — ≥ 24 px, or ≥ 18.66 px bold). The background is the element's and its ancestors' background
 *   colours composited by alpha; disabled controls are exempt (SC 1.4.3). Text drawn into canvases
 *   (sigma's labels) is not DOM text and is not checked here.
 * - {@link horizontalOverflow}: the page scrolls sideways at its viewport width.
 * - {@link tabTo}: Tab from the current focus until `selector` has it, as a keyboard user would,
 *   failing if it is not reached or if a stop on the way shows no focus outline.
 * Page-side code is a string: the tests' tsconfig has no DOM types, and evaluate runs over CDP (the
 * app's CSP does not stop it).
 *
 * Cost: one pass over the page's elements per check.
 */
import type { Page } from 'playwright-core';

const CONTRAST = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'CANVAS', 'TITLE'].includes(el.tagName)) continue;
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    if (text === '' || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || el.closest(':disabled')) continue;
    const isSvg = el instanceof SVGElement;
    let fg = parse(isSvg ? style.fill : style.color);
    if (!fg) continue;
    const bg = behind(el);
    fg = over(fg, bg);
    const a = lum(fg), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const px = parseFloat(style.fontSize);
    const large = px >= 24 || (px >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    if (ratio < need)
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
        ' "' + text.slice(0, 40) + '": ' + ratio.toFixed(2) + ':1 < ' + need + ':1 (' + style.color + ' on rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + '))');
  }
  return out;
})()`;

/** Texts on the page below WCAG AA contrast, each described with its ratio and colours; [] when none. */
export const contrastProblems = (page: Page): Promise<string[]> => page.evaluate<string[]>(CONTRAST);

/** How many pixels the page scrolls sideways at its viewport width (0: none). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"',
    ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
  };
})()`;

/**
 * Presses Tab until the focused element matches `selector` (at most `max` presses); every stop on the
 * way must show a focus outline. Returns how many presses it took.
 */
export async function tabTo(page: Page, selector: string, max = 80): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate<{ what: string; ring: boolean } | null>(FOCUSED);
    if (f && !f.ring) throw new Error(`focus on ${f.what} shows no outline`);
    const hit = await page.evaluate<boolean>(
      `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`,
    );
    if (hit) return i;
  }
  throw new Error(`${selector} not reached with ${max} presses of Tab`);
}
