/**
 * Mastodon status HTML → plain text, and the links it carries. Mastodon sends `content` already
 * sanitised to a small allow-list (its `Sanitize::Config::MASTODON_STRICT`: p, br, a, span, and since
 * 4.x b, strong, i, em, del, s, u, blockquote, pre, code, ul, ol, li, h1–h6; no scripts, styles or
 * comments survive), so a full HTML parser buys nothing here and none is installed: this is a
 * single-pass tag scanner for that allow-list (anything else is dropped as a tag, its text kept).
 *
 * Text: paragraphs and block ends become line breaks, `<br>` a newline, entities decoded (named ones
 * Mastodon emits plus every numeric form). Mastodon's link shortening (`<span class="invisible">`
 * around the scheme and tail) is undone by keeping every span's text, so a URL reads whole.
 * Links: `href`s of `<a>` that are not mentions or hashtags (class `mention`/`hashtag`, or rel=tag):
 * those come as structured fields of the status instead. Cost: O(length of the HTML), one pass.
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

/** Decodes `&amp;`, `&#39;`, `&#x1F600;`, …; an unknown or malformed entity is left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (all, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : all;
    }
    return NAMED[body.toLowerCase()] ?? all;
  });
}

const BLOCK = new Set([
  'p',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'div',
]);

/** Reads one attribute's value from a start tag's source (`<a href="…" class="…">`). */
function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

export interface HtmlText {
  text: string;
  links: string[];
}

export function htmlToText(html: string): HtmlText {
  const out: string[] = [];
  const links: string[] = [];
  // Block boundaries ask for a line break; consecutive asks collapse into one, none at the start.
  let pendingBreak = false;
  const emit = (s: string): void => {
    if (s === '') return;
    if (pendingBreak && out.length > 0) out.push('\n');
    pendingBreak = false;
    out.push(s);
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      emit(decodeEntities(html.slice(i)));
      break;
    }
    if (lt > i) emit(decodeEntities(html.slice(i, lt)));
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      // A lone '<' (only possible in unsanitised input): text, not a tag.
      emit(decodeEntities(html.slice(lt)));
      break;
    }
    const tag = html.slice(lt, gt + 1);
    const m = /^<\/?\s*([a-z0-9]+)/i.exec(tag);
    const name = m?.[1]?.toLowerCase() ?? '';
    const closing = tag.startsWith('</');
    if (name === 'br') {
      out.push('\n');
      pendingBreak = false;
    } else if (BLOCK.has(name)) pendingBreak = true;
    else if (name === 'a' && !closing) {
      const href = attr(tag, 'href');
      const cls = attr(tag, 'class') ?? '';
      const rel = attr(tag, 'rel') ?? '';
      const structured = /\b(mention|hashtag)\b/.test(cls) || /\btag\b/.test(rel);
      if (href !== undefined && /^https?:\/\//i.test(href) && !structured) links.push(href);
    }
    i = gt + 1;
  }
  return {
    text: out
      .join('')
      .replace(/[ \t]+\n/g, '\n')
      .trim(),
    links,
  };
}
