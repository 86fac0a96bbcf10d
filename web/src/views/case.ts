/**
 * A case: status workflow, assignee, TLP (never below its run's), the accounts it is about, notes in
 * markdown (markdown.ts: built as DOM, never HTML), pinned evidence and the full trail. Every change
 * sends the version the page shows; a 409 says someone else changed the case first and reloads it.
 */
import type { CaseView } from '../../../src/workspace/case-schema.js';
import { TLPS } from '../../../src/workspace/api-schema.js';
import * as api from '../api.js';
import { day, fmt, h, show, type Child } from '../dom.js';
import { markdown } from '../markdown.js';
import { label } from '../safe-text.js';
import { statusBadge, tlpBadge } from './cases.js';
import { contactLine } from './contacts.js';
import { taxiiSections } from './case-taxii.js';
import { duration } from '../../../src/workspace/duration.js';

const TLP_ORDER: readonly string[] = TLPS;

function select(id: string, options: readonly [string, string][], value: string): HTMLSelectElement {
  const s = h('select', { id });
  for (const [v, text] of options) {
    const o = h('option', { value: v }, text);
    if (v === value) o.selected = true;
    s.append(o);
  }
  return s;
}

export async function caseView(id: string): Promise<void> {
  render(await api.caseView(id));
}

function render(v: CaseView): void {
  const c = v.case;
  const msg = h('p', { id: 'case-message', class: 'error', role: 'alert', 'aria-live': 'polite' });
  /** Runs a change; shows the new case, or the refusal (and the case as it now is after a 409). */
  const act = (p: Promise<CaseView>): void => {
    msg.textContent = '';
    p.then(render, async (e: unknown) => {
      const text = e instanceof Error ? e.message : String(e);
      if (e instanceof api.ApiError && e.status === 409) render(await api.caseView(c.id));
      document.getElementById('case-message')!.textContent = text;
    });
  };
  const run = c.runId ? `#/runs/${encodeURIComponent(c.runId)}` : undefined;

  const status = select(
    'case-status',
    [[c.status, `${c.status} (now)`], ...v.next.map((s) => [s, s] as [string, string])],
    c.status,
  );
  const assignee = select(
    'case-assignee',
    [['', 'nobody'], ...v.assignable.map((u) => [u, u] as [string, string])],
    c.assignee ?? '',
  );
  const tlp = select(
    'case-tlp',
    TLP_ORDER.filter((t) => TLP_ORDER.indexOf(t) >= TLP_ORDER.indexOf(v.minTlp)).map((t) => [
      t,
      `TLP:${t.toUpperCase()}`,
    ]),
    c.tlp,
  );
  const save = h('button', { type: 'button', id: 'case-save' }, 'Save');
  save.addEventListener('click', () => {
    act(
      api.changeCase(c.id, {
        version: c.version,
        ...(status.value !== c.status ? { status: status.value as CaseView['case']['status'] } : {}),
        ...(assignee.value !== (c.assignee ?? '')
          ? { assignee: assignee.value === '' ? null : assignee.value }
          : {}),
        ...(tlp.value !== c.tlp ? { tlp: tlp.value as CaseView['case']['tlp'] } : {}),
      }),
    );
  });

  const note = h('textarea', { id: 'note-text', rows: 5, maxlength: 20000, 'aria-describedby': 'note-help' });
  const addNote = h('button', { type: 'submit', id: 'note-add' }, 'Add note');
  const noteForm = h(
    'form',
    { class: 'note-form' },
    h('label', { for: 'note-text' }, 'New note'),
    note,
    h(
      'p',
      { id: 'note-help', class: 'muted' },
      'Markdown: **bold**, _italic_, lists, links (http, https, mailto), `code`. HTML is shown as text.',
    ),
    addNote,
  );
  noteForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(api.addNote(c.id, note.value));
  });

  show(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/cases' }, 'Cases'), ' › ', label(c.title)),
    h('h1', { id: 'case-title' }, label(c.title)),
    h(
      'p',
      { class: 'facts' },
      statusBadge(c.status),
      ' ',
      tlpBadge(c.tlp),
      ` · opened by ${c.createdBy} ${day(c.createdAt)} UTC · assignee ${c.assignee ?? 'nobody'} · version ${c.version}`,
    ),
    v.runVisible && run
      ? h(
          'p',
          {},
          'From run ',
          h('a', { href: run }, label(v.runTitle ?? c.runId ?? '')),
          c.network ? ` · network ${c.network}` : '',
        )
      : h(
          'p',
          { class: 'notice' },
          'The run behind this case is no longer visible to your organisation (TLP): its accounts and pinned evidence are withheld.',
        ),
    h(
      'fieldset',
      { class: 'case-controls' },
      h('legend', {}, 'Workflow'),
      h('label', { for: 'case-status' }, 'Status '),
      status,
      h('label', { for: 'case-assignee' }, ' Assignee '),
      assignee,
      h('label', { for: 'case-tlp' }, ' TLP '),
      tlp,
      ' ',
      save,
      h(
        'p',
        { class: 'muted' },
        `The case cannot be marked less restrictive than its run (TLP:${v.minTlp.toUpperCase()}).`,
      ),
    ),
    msg,
    ...shareSection(v, act),
    ...taxiiSections(v, act),
    h('h2', {}, `Accounts (${fmt(c.accounts)})`),
    v.accounts.length === 0
      ? h('p', { class: 'muted' }, 'None shown.')
      : h(
          'ul',
          { class: 'case-accounts', id: 'case-accounts' },
          ...v.accounts.map((a) =>
            h(
              'li',
              {},
              run
                ? h('a', { href: `${run}/accounts/${encodeURIComponent(a.account)}` }, label(a.label))
                : label(a.label),
            ),
          ),
        ),
    h('h2', {}, 'Pinned evidence'),
    v.pins.length === 0
      ? h('p', { class: 'muted' }, 'Nothing pinned yet: pin an account from its page.')
      : h(
          'ul',
          { id: 'pins', class: 'pins' },
          ...v.pins.map((p) => {
            const remove = h('button', { type: 'button', class: 'link-button' }, 'Unpin');
            remove.addEventListener('click', () => {
              act(api.unpin(c.id, p.account));
            });
            return h(
              'li',
              {},
              run
                ? h('a', { href: `${run}/accounts/${encodeURIComponent(p.account)}` }, label(p.label))
                : label(p.label),
              ` · network ${p.network ?? 'none'} · score ${fmt(p.score)}`,
              p.automation === null ? '' : ` · automation ${p.automation.toFixed(2)}`,
              p.flagged.length ? ` · flagged: ${p.flagged.join(', ')}` : '',
              p.comment ? h('span', {}, ' · “', label(p.comment), '”') : '',
              h('span', { class: 'muted' }, ` (pinned by ${p.pinnedBy} ${day(p.pinnedAt)} UTC) `),
              remove,
            );
          }),
        ),
    h('h2', {}, 'Notes'),
    h(
      'ol',
      { id: 'notes', class: 'notes' },
      ...v.notes.map((n) =>
        h('li', {}, h('p', { class: 'post-meta' }, `${n.author} · ${day(n.at)} UTC`), markdown(n.text)),
      ),
    ),
    noteForm,
    h('h2', {}, 'Trail'),
    h(
      'table',
      { id: 'trail' },
      h(
        'thead',
        {},
        h('tr', {}, ...['#', 'When (UTC)', 'Who', 'What'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h(
        'tbody',
        {},
        ...v.events.map((e) =>
          h(
            'tr',
            {},
            h('td', { class: 'num' }, e.seq ?? '—'),
            h('td', {}, day(e.at)),
            h('td', {}, e.actor),
            h('td', {}, trailWhat(e, run)),
          ),
        ),
      ),
    ),
  );
}

/**
 * A trail line's "What": the server's summary, except that a pin or unpin names its account as the
 * rest of the workspace does — its label (as text, bidi-isolated) linked to the account page, the id
 * beside it.
 */
function trailWhat(e: CaseView['events'][number], run: string | undefined): Child {
  const a = e.account;
  if (!a) return e.summary;
  const name = label(a.label);
  return h(
    'span',
    { class: 'trail-account' },
    e.kind === 'unpin' ? 'unpinned account ' : 'pinned account ',
    run ? h('a', { href: `${run}/accounts/${encodeURIComponent(a.id)}` }, name) : name,
    a.label === a.id ? '' : h('span', { class: 'muted' }, ` (${a.id})`),
  );
}

/** Whom the case went to (acknowledgement, time to acknowledge) and the form to send it to a partner. */
function shareSection(v: CaseView, act: (p: Promise<CaseView>) => void): HTMLElement[] {
  const c = v.case;
  const sent =
    v.shares.length === 0
      ? h('p', { class: 'muted' }, 'Not sent to any partner yet.')
      : h(
          'table',
          { id: 'shares' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[
                'Partner',
                'Point of contact',
                'TLP',
                'Version',
                'Sent (UTC)',
                'Acknowledged',
                'Time to acknowledge',
              ].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            ...v.shares.map((s) =>
              h(
                'tr',
                {},
                h('td', {}, label(s.orgName)),
                h('td', {}, s.contact ? contactLine(s.contact) : (s.topic ?? '—')),
                h('td', {}, tlpBadge(s.tlp)),
                h('td', { class: 'num' }, s.version),
                h('td', {}, `${day(s.sharedAt)} by ${s.sharedBy}`),
                h(
                  'td',
                  { class: 'ack' },
                  s.ack ? `${s.ack.kind} by ${s.ack.by} ${day(s.ack.at)}` : 'waiting',
                ),
                h('td', { class: 'num ttack' }, s.secondsToAck === null ? '—' : duration(s.secondsToAck)),
              ),
            ),
          ),
        );
  const canSend = (c.status === 'confirmed' || c.status === 'shared') && v.partners.length > 0;
  const partner = h(
    'select',
    { id: 'share-org' },
    ...v.partners.map((p) => h('option', { value: p.id }, `${p.name} (${p.id})`)),
  );
  const topic = h('select', { id: 'share-topic' });
  const fillTopics = (): void => {
    const p = v.partners.find((x) => x.id === partner.value);
    topic.replaceChildren(
      h('option', { value: '' }, 'no particular contact'),
      ...(p?.contacts ?? []).map((x) =>
        h('option', { value: x.topic }, `${x.topic}${x.name ? `: ${x.name}` : ''}`),
      ),
    );
  };
  partner.addEventListener('change', fillTopics);
  fillTopics();
  const message = h('input', { id: 'share-message', type: 'text', maxlength: 2000, size: 50 });
  const send = h('button', { type: 'button', id: 'share-send' }, 'Send case');
  send.addEventListener('click', () => {
    act(
      api.shareCase(c.id, {
        org: partner.value,
        ...(topic.value ? { topic: topic.value } : {}),
        ...(message.value.trim() ? { message: message.value.trim() } : {}),
      }),
    );
  });
  const why =
    c.status !== 'confirmed' && c.status !== 'shared'
      ? 'Confirm the case to send it to a partner.'
      : v.partners.length === 0
        ? `No partner may receive it: a TLP:${c.tlp.toUpperCase()} case, or a run your partners cannot see.`
        : `Sent at TLP:${c.tlp.toUpperCase()}, as a snapshot of the accounts and pinned evidence (notes stay here).`;
  return [
    h(
      'section',
      { id: 'sharing', class: 'case-sharing', 'aria-labelledby': 'sharing-title' },
      h('h2', { id: 'sharing-title' }, 'Partners and points of contact'),
      sent,
      canSend
        ? h(
            'p',
            {},
            h('label', { for: 'share-org' }, 'Send to '),
            partner,
            ' ',
            h('label', { for: 'share-topic' }, 'contact '),
            topic,
            ' ',
            h('label', { for: 'share-message' }, 'message '),
            message,
            ' ',
            send,
          )
        : null,
      h('p', { class: 'muted' }, why),
    ),
  ];
}
