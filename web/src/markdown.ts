/**
 * Case notes: markdown rendered to DOM without HTML. marked's lexer (CommonMark + GFM tables) parses
 * the text into tokens; this file builds elements from the tokens with `h()`, so nothing the analyst
 * (or a pasted post) writes can become markup: raw HTML stays visible text, links open only for
 * http(s) and mailto, images are never loaded (shown as a link), headings start at h3 (the page owns
 * h1/h2), and every text keeps bidi isolation (safe-text.ts). marked's own HTML renderer is not used:
 * sanitising its output would need innerHTML and a sanitiser; building nodes needs neither.
 * Cost: O(length of the note).
 */
import { Lexer } from 'marked';
import type { Token, Tokens } from 'marked';
import { h } from './dom.js';
import type { Child } from './dom.js';
import { label, safeHref } from './safe-text.js';

function href(raw: string): string | undefined {
  if (/^mailto:[^\s@]+@[^\s@]+$/i.test(raw)) return raw;
  return safeHref(raw);
}

function inline(tokens: readonly Token[] | undefined): Child[] {
  return (tokens ?? []).map((t) => inlineToken(t));
}

function inlineToken(t: Token): Child {
  switch (t.type) {
    case 'strong':
      return h('strong', {}, ...inline((t as Tokens.Strong).tokens));
    case 'em':
      return h('em', {}, ...inline((t as Tokens.Em).tokens));
    case 'del':
      return h('del', {}, ...inline((t as Tokens.Del).tokens));
    case 'codespan':
      return h('code', {}, label((t as Tokens.Codespan).text));
    case 'br':
      return h('br');
    case 'link': {
      const l = t as Tokens.Link;
      const to = href(l.href);
      return to
        ? h('a', { href: to, rel: 'noopener noreferrer nofollow', target: '_blank' }, ...inline(l.tokens))
        : label(l.raw);
    }
    case 'image': {
      const im = t as Tokens.Image;
      const to = safeHref(im.href);
      const text = `image: ${im.text || im.href}`;
      return to
        ? h('a', { href: to, rel: 'noopener noreferrer nofollow', target: '_blank' }, label(text))
        : label(text);
    }
    case 'text': {
      const tx = t as Tokens.Text;
      return tx.tokens && tx.tokens.length > 0 ? h('span', {}, ...inline(tx.tokens)) : label(tx.text);
    }
    case 'escape':
      return label((t as Tokens.Escape).text);
    default:
      // Raw HTML and anything unknown: shown as the characters typed.
      return label(t.raw);
  }
}

function blocks(tokens: readonly Token[]): Child[] {
  return tokens.map((t) => blockToken(t));
}

function blockToken(t: Token): Child {
  switch (t.type) {
    case 'space':
      return null;
    case 'heading': {
      const hd = t as Tokens.Heading;
      const level = Math.min(6, hd.depth + 2) as 3 | 4 | 5 | 6;
      return h(`h${level}`, {}, ...inline(hd.tokens));
    }
    case 'paragraph':
      return h('p', {}, ...inline((t as Tokens.Paragraph).tokens));
    case 'code':
      return h('pre', {}, h('code', {}, label((t as Tokens.Code).text)));
    case 'blockquote':
      return h('blockquote', {}, ...blocks((t as Tokens.Blockquote).tokens));
    case 'hr':
      return h('hr');
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((i) => h('li', {}, ...blocks(i.tokens)));
      return l.ordered ? h('ol', {}, ...items) : h('ul', {}, ...items);
    }
    case 'table': {
      const tb = t as Tokens.Table;
      return h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...tb.header.map((c) => h('th', { scope: 'col' }, ...inline(c.tokens))))),
        h('tbody', {}, ...tb.rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, ...inline(c.tokens)))))),
      );
    }
    case 'text': {
      const tx = t as Tokens.Text;
      return tx.tokens && tx.tokens.length > 0 ? h('span', {}, ...inline(tx.tokens)) : label(tx.text);
    }
    default:
      // `html` blocks and definitions: visible text, never markup.
      return h('p', {}, label(t.raw));
  }
}

/** A note as a `<div class="note-body">` of elements built from its markdown tokens. */
export function markdown(text: string): HTMLElement {
  return h('div', { class: 'note-body' }, ...blocks(Lexer.lex(text, { gfm: true })));
}
