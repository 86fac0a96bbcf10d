/**
 * The demo's case (`lockstep serve --demo`): org A's analyst opens a case on the demo run's first
 * network, triages and confirms it with a note and a pinned account, and sends it to org B's
 * election-integrity contact; both orgs get a contact card. Org B's inbox then holds a case to
 * acknowledge, and org A's case waits for it; the case is also published to the demo's shared TAXII
 * collection at AMBER. Goes through the same service as the API.
 */
import type { Store } from '../../store/store.js';
import { Cases } from './service.js';
import { Sharing } from './sharing.js';
import { TaxiiShares } from './taxii-share.js';
import { DEMO_COLLECTIONS, DEMO_ROOT } from '../../exchange/demo.js';

const CARDS: Record<string, unknown> = {
  'org-a': {
    contacts: [
      { topic: 'election-integrity', name: 'Civic Watch analysts', email: 'analysts@civic.example' },
      { topic: 'press', url: 'https://civic.example/press' },
    ],
  },
  'org-b': {
    contacts: [
      { topic: 'election-integrity', name: 'Verification desk', email: 'desk@verify.example' },
      { topic: 'takedown', url: 'https://verify.example/report', phone: '+44 20 7946 0000' },
    ],
  },
};

export async function seedDemoCase(
  store: Store,
  runId: string,
  now = new Date(),
): Promise<string | undefined> {
  for (const [org, card] of Object.entries(CARDS))
    if (!(await store.getContactCard(org)))
      await store.putContactCard({ org, json: JSON.stringify(card), updated: now.toISOString() });
  const json = await store.getRunPage(runId, 'graph');
  const network =
    json === undefined
      ? undefined
      : (JSON.parse(json) as { networks: { id: string; members: string[] }[] }).networks[0];
  if (!network) return undefined;
  const alice = { username: 'alice', org: 'org-a' };
  const cases = new Cases(store, () => now);
  const opened = await cases.open(alice, { runId, network: network.id });
  const id = opened.case.id;
  await cases.change(alice, id, { version: opened.case.version, status: 'triage', assignee: 'alice' });
  await cases.note(
    alice,
    id,
    `**Why this network:** its members post the same links within minutes, far above chance.\n\n- check the accounts' creation dates\n- ask the partner whether they see the same domains`,
  );
  const pinned = await cases.pin(alice, id, network.members[0]!, 'the earliest poster in most bursts');
  await cases.change(alice, id, { version: pinned.case.version, status: 'confirmed' });
  await new Sharing(store, cases, () => now).share(alice, id, {
    org: 'org-b',
    topic: 'election-integrity',
    message: 'Demo: please acknowledge once you have looked at these accounts.',
  });
  // Also as STIX in the demo's shared TAXII collection: org B's TAXII client can acknowledge and
  // report sightings, which the case's TAXII section shows.
  if (await store.getCollection(DEMO_ROOT, DEMO_COLLECTIONS.shared))
    await new TaxiiShares(store, cases, () => now).publish(alice, id, {
      apiRoot: DEMO_ROOT,
      collection: DEMO_COLLECTIONS.shared,
      tlp: 'amber',
    });
  return id;
}
