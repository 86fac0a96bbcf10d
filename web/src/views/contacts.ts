/**
 * Points of contact: your organisation and its trust-group partners, each with a contact per topic
 * (election integrity, takedowns, law-enforcement liaison, press). Your own card is editable here; it
 * is the same card partners read over TAXII (feedback/organisations/ORG/contact).
 */
import type { ContactView, DirectoryOrg } from '../../../src/workspace/share-schema.js';
import * as api from '../api.js';
import { day, h, show } from '../dom.js';
import { label, safeHref } from '../safe-text.js';

/** One contact as text and safe links (mailto for e-mail, http(s) only for URLs). */
export function contactLine(c: ContactView): HTMLElement {
  const url = c.url === undefined ? undefined : safeHref(c.url);
  return h(
    'span',
    { class: 'contact' },
    h('strong', {}, c.topic),
    c.name ? h('span', {}, ': ', label(c.name)) : '',
    c.email ? h('span', {}, ' · ', h('a', { href: `mailto:${c.email}` }, c.email)) : '',
    url
      ? h(
          'span',
          {},
          ' · ',
          h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, label(c.url!)),
        )
      : '',
    c.phone ? ` · ${c.phone}` : '',
    c.languages?.length ? ` · ${c.languages.join(', ')}` : '',
  );
}

const FIELDS = ['topic', 'name', 'email', 'url', 'phone'] as const;

function editor(own: DirectoryOrg, done: (orgs: DirectoryOrg[]) => void): HTMLElement {
  const body = h('tbody');
  const addRow = (c: Partial<ContactView> = {}): void => {
    const i = body.children.length;
    body.append(
      h(
        'tr',
        {},
        ...FIELDS.map((f) =>
          h(
            'td',
            {},
            h('input', {
              type: 'text',
              'data-field': f,
              'aria-label': `${f} of contact ${i + 1}`,
              value: c[f] ?? '',
            }),
          ),
        ),
      ),
    );
  };
  for (const c of own.contacts) addRow(c);
  if (own.contacts.length === 0) addRow({ topic: 'election-integrity' });
  const msg = h('p', { class: 'error', role: 'alert', 'aria-live': 'polite', id: 'contacts-message' });
  const more = h('button', { type: 'button' }, 'Add a contact');
  more.addEventListener('click', () => {
    addRow();
  });
  const save = h('button', { type: 'button', id: 'contacts-save' }, 'Save our card');
  save.addEventListener('click', () => {
    const contacts = [...body.querySelectorAll('tr')]
      .map((tr) => {
        const c: Record<string, string> = {};
        for (const input of tr.querySelectorAll<HTMLInputElement>('input'))
          if (input.value.trim() !== '') c[input.dataset.field!] = input.value.trim();
        return c;
      })
      .filter((c) => Object.keys(c).length > 0);
    msg.textContent = '';
    api.saveContacts({ contacts }).then(done, (e: unknown) => {
      msg.textContent = e instanceof Error ? e.message : String(e);
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'own-card' },
    h('h2', { id: 'own-card' }, `Our card (${own.name})`),
    h(
      'p',
      { class: 'muted' },
      'Each contact needs a topic (a lower-case slug) and an e-mail or an http(s) URL.',
    ),
    h(
      'table',
      { class: 'card-editor' },
      h('thead', {}, h('tr', {}, ...FIELDS.map((f) => h('th', { scope: 'col' }, f)))),
      body,
    ),
    h('p', {}, more, ' ', save),
    msg,
  );
}

function render(orgs: DirectoryOrg[]): void {
  const own = orgs.find((o) => o.own)!;
  show(
    h('h1', {}, 'Points of contact'),
    h(
      'p',
      { class: 'muted' },
      'Your organisation and its trust-group partners: whom to call about a case, per topic.',
    ),
    h(
      'ul',
      { class: 'directory', id: 'directory' },
      ...orgs.map((o) =>
        h(
          'li',
          {},
          h('strong', {}, label(o.name)),
          ` (${o.id}${o.own ? ', us' : ''})`,
          o.updated ? h('span', { class: 'muted' }, ` · card updated ${day(o.updated)} UTC`) : '',
          o.contacts.length === 0
            ? h('p', { class: 'muted' }, 'No contact card published.')
            : h('ul', {}, ...o.contacts.map((c) => h('li', {}, contactLine(c)))),
        ),
      ),
    ),
    editor(own, render),
  );
}

export async function contactsView(): Promise<void> {
  render(await api.contacts());
}
