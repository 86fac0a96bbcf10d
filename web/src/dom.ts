/**
 * Building DOM without HTML strings: every text goes through a Text node or `textContent`, every
 * attribute through setAttribute with a fixed name, so data (account names, post text, notes) can
 * never become markup. The app has no innerHTML anywhere; the browser test
 * (src/workspace/workspace.browser.test.ts) renders hostile post text and checks nothing ran.
 */
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(
  tag: string,
  attrs: Record<string, string | number> = {},
  ...children: Child[]
): SVGElement {
  const el: SVGElement = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, ...children);
  return el;
}

/** Replaces the main view's content and moves focus there (keyboard and screen-reader users). */
export function show(...children: Child[]): HTMLElement {
  const main = document.getElementById('app')!;
  main.replaceChildren();
  append(main, ...children);
  main.focus();
  return main;
}

/** One formatter per digit count: `toLocaleString` builds one per call (~0.4 ms each; the explorer makes hundreds). */
const formats = new Map<number, Intl.NumberFormat>();
export function fmt(n: number, digits = 2): string {
  // An integer formats the same at any maximumFractionDigits (toLocaleString('en') used 3).
  const k = Number.isInteger(n) ? 3 : digits;
  let f = formats.get(k);
  if (!f) formats.set(k, (f = new Intl.NumberFormat('en', { maximumFractionDigits: k })));
  return f.format(n);
}

export const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
