/**
 * One network in the explorer's side panel: its summary, members, top shared objects and a button
 * to open a case. A co-retweet object is a post id; it is shown as what it points to — the
 * original's author and text, found in the input posts at import — never as a bare id.
 */
import type { NetworkView } from '../../../src/workspace/api-schema.js';
import { fmt, h, type Child } from '../dom.js';
import { label, postText } from '../safe-text.js';

type SharedObject = NetworkView['topObjects'][number];

/** A shared object as text: a reshared post as "retweets of @author: text", others by their label. */
export function objectText(o: SharedObject): Child[] {
  if (o.behaviour !== 'co-retweet' || o.label !== null) return [postText(o.label ?? o.object)];
  if (o.original)
    return [
      'retweets of ',
      o.original.author !== null ? label(`@${o.original.author}`) : 'a post',
      ': “',
      postText(o.original.text),
      '”',
    ];
  return [`post ${o.object} (the original is not among the posts imported with this run)`];
}

/**
 * The card shows its head at once; its member links and top objects (fetched through `details`:
 * the first page has no network details) are made when it is first opened, so a run with thousands
 * of members does not build them all at page load.
 */
export function networkCard(
  runId: string,
  n: NetworkView,
  colour: string,
  labels: Map<string, string>,
  details: () => Promise<NetworkView | undefined>,
): HTMLElement {
  const card = h(
    'details',
    { class: 'network' },
    h(
      'summary',
      {},
      h('span', { class: 'swatch', 'data-colour': colour }),
      `${n.id}: ${n.members.length} accounts`,
      n.ratio !== null ? ` · ×${fmt(n.ratio, 1)} chance` : '',
    ),
    h('p', {}, n.summary),
    h('button', { type: 'button', class: 'open-case', 'data-network': n.id }, `Open a case on ${n.id}`),
  );
  let members = false;
  let objects = false;
  card.addEventListener('toggle', () => {
    if (!card.open) return;
    if (!members) {
      members = true;
      card.append(
        h(
          'p',
          {},
          'Members: ',
          ...n.members.flatMap((m, i) => [
            i > 0 ? ', ' : '',
            h(
              'a',
              { href: `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(m)}` },
              label(labels.get(m) ?? m),
            ),
          ]),
        ),
      );
    }
    if (objects) return;
    objects = true;
    details().then(
      (d) => {
        if (d && d.topObjects.length > 0)
          card.append(
            h(
              'ul',
              { class: 'objects' },
              ...d.topObjects
                .slice(0, 5)
                .map((o) => h('li', {}, `${o.behaviour}: `, ...objectText(o), ` (${o.accounts} accounts)`)),
            ),
          );
      },
      (e: unknown) => {
        objects = false;
        card.append(h('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
      },
    );
  });
  return card;
}
