/**
 * Post text and other untrusted strings shown as text, never as markup. URLs become links only when
 * they parse as http(s) (a `javascript:` or `data:` "link" stays plain text), links open without the
 * referrer or an opener. Each text sits in `<bdi dir="auto">`, which isolates it (Unicode bidi
 * algorithm, UAX #9): an RTL override (U+202E) inside a post cannot reorder the page around it.
 * Invisible direction controls are also shown as visible marks so an analyst sees them.
 */
import { h } from './dom.js';

const URL_RE = /\b(?:https?:\/\/|javascript:|data:|vbscript:)[^\s<>"']+/gi;
/** LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function safeHref(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function markControls(s: string): string {
  return s.replace(BIDI_CONTROLS, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase()}⟩`);
}

/** A `<bdi>` holding `text` as text nodes and http(s) links. */
export function postText(text: string | null): HTMLElement {
  const out = h('bdi', { dir: 'auto', class: 'post-text' });
  if (text === null || text === '') {
    out.append(h('span', { class: 'muted' }, '(no text)'));
    return out;
  }
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    if (start > last) out.append(markControls(text.slice(last, start)));
    const href = safeHref(m[0]);
    out.append(
      href
        ? h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, markControls(m[0]))
        : markControls(m[0]),
    );
    last = start + m[0].length;
  }
  if (last < text.length) out.append(markControls(text.slice(last)));
  return out;
}

/** An account name or other short untrusted label, isolated the same way. */
export function label(text: string): HTMLElement {
  return h('bdi', { dir: 'auto' }, markControls(text));
}
