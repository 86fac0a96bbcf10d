/**
 * The case page's "Shared over TAXII" and "Export" sections: publish the confirmed case to a
 * collection the org may write at a TLP no lower than the case's; each collection it went to, with
 * partners' acknowledgements (time to acknowledge) and sightings, refreshed every 15 s while the page
 * is open so answers appear as they arrive; download links for CSV and STIX.
 */
import { TLPS } from '../../../src/workspace/api-schema.js';
import type { CaseView } from '../../../src/workspace/case-schema.js';
import type { Publication } from '../../../src/workspace/taxii-share-schema.js';
import { duration } from '../../../src/workspace/duration.js';
import { day, h } from '../dom.js';
import { label } from '../safe-text.js';
import * as share from '../share-api.js';
import { tlpBadge } from './cases.js';

const REFRESH_MS = 15_000;

function publicationTable(pubs: readonly Publication[]): HTMLElement {
  if (pubs.length === 0) return h('p', { class: 'muted' }, 'Not published to a TAXII collection yet.');
  return h(
    'div',
    { id: 'publications' },
    ...pubs.map((p) =>
      h(
        'div',
        { class: 'publication' },
        h(
          'p',
          {},
          h('strong', {}, label(p.title)),
          ' ',
          tlpBadge(p.tlp),
          ` · version ${day(p.version)} · published ${day(p.publishedAt)} UTC by ${p.publishedBy} · ${p.written} new or changed, ${p.unchanged} unchanged`,
          p.refused.length ? ` · ${p.refused.length} refused` : '',
        ),
        h(
          'table',
          { class: 'taxii-acks' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Partner', 'Acknowledged', 'Version', 'Time to acknowledge'].map((t) =>
                h('th', { scope: 'col' }, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...(p.acks.length === 0
              ? [h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'waiting for acknowledgement'))]
              : p.acks.map((a) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, a.org),
                    h('td', { class: 'ack' }, `${a.kind} ${day(a.at)}`),
                    h('td', {}, a.version === p.version ? 'current' : `older (${day(a.version)})`),
                    h('td', { class: 'num ttack' }, a.secondsToAck === null ? '—' : duration(a.secondsToAck)),
                  ),
                )),
          ),
        ),
        p.sightings.length === 0
          ? h('p', { class: 'muted' }, 'No sightings reported.')
          : h(
              'ul',
              { class: 'sightings' },
              ...p.sightings.map((s) =>
                h(
                  'li',
                  {},
                  `${s.org ?? 'unknown org'} sighted `,
                  label(s.ofName),
                  s.count === null ? '' : ` ${s.count}×`,
                  s.firstSeen ? ` (${day(s.firstSeen)} – ${day(s.lastSeen ?? s.firstSeen)})` : '',
                  ` · reported ${day(s.dateAdded)}`,
                ),
              ),
            ),
      ),
    ),
  );
}

/** Sections added under the case's partner sharing; `act` runs a change and re-renders the case. */
export function taxiiSections(v: CaseView, act: (p: Promise<CaseView>) => void): HTMLElement[] {
  const c = v.case;
  const allowed = TLPS.filter((t) => TLPS.indexOf(t) >= TLPS.indexOf(c.tlp));
  const body = h('div', { id: 'taxii-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const section = h(
    'section',
    { id: 'taxii', 'aria-labelledby': 'taxii-title' },
    h('h2', { id: 'taxii-title' }, 'Shared over TAXII'),
    body,
  );
  const refresh = async (): Promise<void> => {
    const [targets, pubs] = await Promise.all([share.targets(), share.publications(c.id)]);
    const canPublish = (c.status === 'confirmed' || c.status === 'shared') && targets.length > 0;
    const coll = h(
      'select',
      { id: 'taxii-collection' },
      ...targets.map((t) =>
        h('option', { value: `${t.apiRoot}\n${t.collection}` }, `${t.title} (${t.apiRoot})`),
      ),
    );
    const tlp = h(
      'select',
      { id: 'taxii-tlp' },
      ...allowed.map((t) => h('option', { value: t }, `TLP:${t.toUpperCase()}`)),
    );
    const go = h('button', { type: 'button', id: 'taxii-publish' }, 'Publish to collection');
    go.addEventListener('click', () => {
      const [apiRoot = '', collection = ''] = coll.value.split('\n');
      act(share.publish(c.id, { apiRoot, collection, tlp: tlp.value as (typeof TLPS)[number] }));
    });
    body.replaceChildren(
      publicationTable(pubs),
      canPublish
        ? h(
            'p',
            {},
            h('label', { for: 'taxii-collection' }, 'Publish to '),
            coll,
            ' ',
            h('label', { for: 'taxii-tlp' }, 'at '),
            tlp,
            ' ',
            go,
          )
        : h(
            'p',
            { class: 'muted' },
            targets.length === 0
              ? 'Your organisation may not write to any TAXII collection.'
              : 'Confirm the case to publish it.',
          ),
      h(
        'p',
        { class: 'muted' },
        'Published as STIX 2.1 (a campaign asking for acknowledgement, its accounts as indicators, the evidence as a note, your organisation with its points of contact); publishing again writes new versions only of what changed.',
      ),
    );
  };
  const tick = (): void => {
    if (!section.isConnected) return;
    refresh().then(
      () => setTimeout(tick, REFRESH_MS),
      (e: unknown) => {
        body.replaceChildren(h('p', { class: 'error' }, e instanceof Error ? e.message : String(e)));
      },
    );
  };
  // Start once the section is in the page (the caller appends it synchronously).
  setTimeout(tick, 0);

  const stixTlp = h(
    'select',
    { id: 'export-tlp' },
    ...allowed.map((t) => h('option', { value: t }, `TLP:${t.toUpperCase()}`)),
  );
  const stixLink = h(
    'a',
    { id: 'export-stix', href: share.caseStixUrl(c.id, c.tlp), download: '' },
    'STIX 2.1 bundle',
  );
  stixTlp.addEventListener('change', () => {
    stixLink.setAttribute('href', share.caseStixUrl(c.id, stixTlp.value));
  });
  const exportSection = h(
    'section',
    { id: 'exports', 'aria-labelledby': 'exports-title' },
    h('h2', { id: 'exports-title' }, 'Export'),
    h(
      'p',
      {},
      h('a', { id: 'export-csv', href: share.caseCsvUrl(c.id), download: '' }, 'Accounts as CSV'),
      ' · ',
      stixLink,
      ' ',
      h('label', { for: 'export-tlp' }, 'marked '),
      stixTlp,
    ),
  );
  return [section, exportSection];
}
