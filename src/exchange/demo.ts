/**
 * The throw-away demo instance behind `lockstep serve --demo`: two organisations, alice (org A) and bob
 * (org B), a collection alice reads and writes, one she only reads, one she cannot see, and a small
 * election-interference report with TLP 2.0 markings (bob's AMBER+STRICT note stays invisible to alice
 * even in a collection she reads). Demo passwords are public by design; never use them elsewhere.
 */
import { TLP2_IDS, TLP2_MARKINGS } from '../stix/tlp.js';
import type { Store } from '../store/store.js';
import type { ServerConfig } from './config.js';
import { applyConfig, parseConfig } from './config.js';
import { tlpFor } from './stix-adapter.js';
import { claimsOf } from './ownership.js';

export const DEMO_ROOT = 'lockstep';
export const DEMO_COLLECTIONS = {
  /** alice: read + write */
  shared: '8f6b1c2e-5a7d-4e3b-9c1a-2d4e6f8a0b1c',
  /** alice: read only (bob writes) */
  partner: '3c9d7e1f-2b4a-4c6d-8e0f-1a3b5c7d9e2f',
  /** alice: no access */
  internal: 'b2e4f6a8-1c3d-4e5f-8a7b-9c0d1e2f3a4b',
} as const;

export function demoConfig(): ServerConfig {
  return parseConfig({
    server: {
      title: 'Lockstep demo TAXII server',
      description: 'Throw-away demo instance',
      contact: 'demo@example.org',
    },
    apiRoots: [
      { name: DEMO_ROOT, title: 'Lockstep demo', default: true, maxContentLength: 10 * 1024 * 1024 },
    ],
    orgs: [
      { id: 'org-a', name: 'Civic Watch (org A)' },
      { id: 'org-b', name: 'Newsroom Verify (org B)', redRecipients: ['alice'] },
    ],
    users: [
      { username: 'alice', org: 'org-a', password: 'alice-password' },
      { username: 'bob', org: 'org-b', password: 'bob-password' },
    ],
    trustGroups: [{ id: 'election-desk', name: 'Election integrity desk', members: ['org-a', 'org-b'] }],
    collections: [
      {
        id: DEMO_COLLECTIONS.shared,
        apiRoot: DEMO_ROOT,
        title: 'Election 2026 — shared findings',
        alias: 'shared',
      },
      { id: DEMO_COLLECTIONS.partner, apiRoot: DEMO_ROOT, title: 'Newsroom B feed', alias: 'partner-feed' },
      { id: DEMO_COLLECTIONS.internal, apiRoot: DEMO_ROOT, title: 'Newsroom B internal', alias: 'internal' },
    ],
    grants: [
      { collection: DEMO_COLLECTIONS.shared, group: 'election-desk', read: true, write: true },
      { collection: DEMO_COLLECTIONS.partner, org: 'org-a', read: true, write: false },
      { collection: DEMO_COLLECTIONS.partner, org: 'org-b', read: true, write: true },
      { collection: DEMO_COLLECTIONS.internal, org: 'org-b', read: true, write: true },
    ],
  });
}

const T = '2026-03-02T09:00:00.000Z';
const IDENT_B = 'identity--5d2f7a4e-8b1c-4f3a-9e6d-0c2b4a6e8f1d';

/** The sample report bob's newsroom shares: a coordinated network pushing a fake polling-station story. */
export function demoObjects(): {
  collection: string;
  producer: string;
  objects: Record<string, unknown>[];
}[] {
  const marking = (l: keyof typeof TLP2_IDS) => ({ object_marking_refs: [TLP2_IDS[l]] });
  const base = { spec_version: '2.1', created: T, modified: T, created_by_ref: IDENT_B };
  const identity = {
    type: 'identity',
    spec_version: '2.1',
    id: IDENT_B,
    created: T,
    modified: T,
    name: 'Newsroom Verify',
    identity_class: 'organization',
    ...marking('clear'),
  };
  const campaign = {
    type: 'campaign',
    id: 'campaign--7a1e3c5b-9d2f-4b6a-8c0e-1f3d5b7a9c2e',
    ...base,
    name: 'Polling-station relocation hoax',
    description: 'Coordinated accounts claim polling stations moved.',
    ...marking('green'),
  };
  const indicator = {
    type: 'indicator',
    id: 'indicator--2b4d6f8a-1c3e-4a5b-9d7f-0e2c4a6b8d1f',
    ...base,
    name: 'Hoax landing domain',
    pattern: "[domain-name:value = 'vote-moved.example']",
    pattern_type: 'stix',
    valid_from: T,
    indicator_types: ['malicious-activity'],
    ...marking('amber'),
  };
  const strictNote = {
    type: 'note',
    id: 'note--4c6e8a0b-2d4f-4a6c-8e1b-3d5f7a9c1e2b',
    ...base,
    content: 'Source inside the network: do not share beyond Newsroom Verify.',
    object_refs: [campaign.id],
    ...marking('amber+strict'),
  };
  const redNote = {
    type: 'note',
    id: 'note--9e1c3a5d-7f2b-4d6e-8a0c-2e4a6c8e0a1b',
    ...base,
    content: 'Named contact at the platform trust-and-safety team (for alice only).',
    object_refs: [campaign.id],
    ...marking('red'),
  };
  const report = {
    type: 'report',
    id: 'report--6f8b0d2e-4a1c-4e3b-9f5d-7b9d1f3a5c8e',
    ...base,
    name: 'Election interference: polling-station hoax network',
    published: T,
    report_types: ['campaign'],
    object_refs: [campaign.id, indicator.id, identity.id],
    ...marking('green'),
  };
  const ownFinding = {
    type: 'indicator',
    id: 'indicator--8a0c2e4b-6d1f-4b3a-8c5e-9d1f3b5a7c0e',
    spec_version: '2.1',
    created: T,
    modified: T,
    name: 'Amplifier hashtag',
    pattern: "[x-lockstep-hashtag:value = 'pollingmoved']",
    pattern_type: 'stix',
    valid_from: T,
    ...marking('green'),
  };
  const markings = Object.values(TLP2_MARKINGS) as unknown as Record<string, unknown>[];
  return [
    {
      collection: DEMO_COLLECTIONS.partner,
      producer: 'org-b',
      objects: [...markings, identity, campaign, indicator, strictNote, redNote, report],
    },
    { collection: DEMO_COLLECTIONS.shared, producer: 'org-a', objects: [ownFinding] },
    { collection: DEMO_COLLECTIONS.internal, producer: 'org-b', objects: [identity, campaign] },
  ];
}

/** Applies the demo configuration and stores the sample objects. */
export async function seedDemo(store: Store, config: ServerConfig = demoConfig()): Promise<void> {
  await applyConfig(store, config);
  let n = 0;
  for (const batch of demoObjects()) {
    await store.addObjects({
      statusId: `demo-seed-${++n}`,
      apiRoot: DEMO_ROOT,
      collection: batch.collection,
      producerOrg: batch.producer,
      requestTimestamp: new Date().toISOString(),
      objects: batch.objects.map((o) => ({ object: o, tlp: tlpFor(o, []), claims: claimsOf(o) })),
      rejected: [],
    });
  }
}
