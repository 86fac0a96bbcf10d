/**
 * A case as STIX 2.1 objects, for sharing to a TAXII collection and for the case's STIX export.
 *
 * The case is a `campaign` (as a run's network is in stix/map.ts) asking partners for an
 * acknowledgement (`x_lockstep_ack_required`, exchange/feedback/acks.ts); its accounts are
 * `user-account` observables with `indicator`s whose ids are the ones a run export gives the same
 * account (stix/map.ts: keyed by producer, platform and account), so a partner's sighting of either
 * reaches the same object; pinned evidence and the network's facts are a `note`; the network's shared
 * URLs/domains are observables with indicators; behaviours are DISARM `attack-pattern`s. The producer is
 * the org's `identity`, carrying its points of contact as `contact_information` (STIX 2.1 §4.5) when
 * it has a contact card. Every object carries the one chosen TLP 2.0 marking.
 *
 * Versioning is stix/versioning.ts's: given the objects last published (`previous`), unchanged ones
 * come back byte for byte (the store answers them as already present), changed ones get a newer
 * `modified`, and ones the case no longer has are revoked.
 *
 * Cost: O(accounts + pins + top objects) objects; memory is the objects themselves.
 */
import { DISARM_BY_BEHAVIOUR, disarmPhase, disarmUrl } from '../../stix/disarm.js';
import type { DisarmTechnique } from '../../stix/disarm.js';
import { lockstepId, scoId } from '../../stix/ids.js';
import { inferAccountType } from '../../stix/map.js';
import { equalityPattern } from '../../stix/pattern.js';
import { TLP2_MARKINGS } from '../../stix/tlp.js';
import type { TlpLevel } from '../../stix/tlp.js';
import type { StixObject } from '../../stix/types.js';
import { latestVersions, reconcile } from '../../stix/versioning.js';
import type { ContactCard } from '../../exchange/feedback/contact-card.js';
import { ACK_PROPERTY } from '../../exchange/feedback/acks.js';
import type { NetworkView } from '../api-schema.js';
import type { PinnedAccount } from '../case-schema.js';

/** `created` of the organisation's identity before it had a contact card (stix/map.ts's reference time). */
const REFERENCE_CREATED = '2025-01-01T00:00:00.000Z';

export interface CaseStixInput {
  caseId: string;
  title: string;
  /** The org's display name: the identity (and so every id keyed by it) as in run exports. */
  orgName: string;
  tlp: TlpLevel;
  /** Timestamp of this publication (STIX form). */
  now: string;
  /** The run's input format, for `user-account:account_type`. */
  format: string;
  accounts: readonly { account: string; label: string }[];
  pins: readonly PinnedAccount[];
  /** The case's network in its run, when it was opened from one and the run is still visible. */
  network: NetworkView | undefined;
  /** The org's contact card, shared as the identity's contact_information. */
  contacts?: { card: ContactCard; updated: string } | undefined;
  /** Objects published for this case before (any versions). */
  previous?: readonly StixObject[];
}

/** One line per contact: `topic: name <email> url phone PGP … (languages)`. */
export function contactInformation(card: ContactCard): string {
  return card.contacts
    .map((c) =>
      [
        `${c.topic}:`,
        c.name,
        c.email === undefined ? undefined : `<${c.email}>`,
        c.url,
        c.phone,
        c.pgp_fingerprint === undefined ? undefined : `PGP ${c.pgp_fingerprint}`,
        c.languages?.length ? `(${c.languages.join(', ')})` : undefined,
      ]
        .filter((x) => x !== undefined)
        .join(' '),
    )
    .join('\n');
}

/** The org's identity; with a card, a version dated by the card carrying the contacts. */
export function orgIdentity(
  orgName: string,
  tlp: TlpLevel,
  contacts?: { card: ContactCard; updated: string },
): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: lockstepId('identity', [orgName]),
    created: REFERENCE_CREATED,
    modified: contacts ? contacts.updated : REFERENCE_CREATED,
    object_marking_refs: [TLP2_MARKINGS[tlp].id],
    name: orgName,
    identity_class: 'organization',
    ...(contacts ? { contact_information: contactInformation(contacts.card) } : {}),
  };
}

const isWebUrl = (s: string): boolean => /^https?:\/\/[^\s]+$/i.test(s);
const isDomain = (s: string): boolean =>
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i.test(s);

function evidence(i: CaseStixInput): string {
  const lines = [`Case ${i.caseId}: ${i.title}`];
  if (i.network) {
    const n = i.network;
    lines.push(
      '',
      n.summary,
      `Network ${n.id}: ${n.members.length} accounts; behaviours ${n.behaviours.join(', ')}; score ${n.score}` +
        (n.ratio === null ? '' : `; ×${n.ratio.toPrecision(3)} chance`) +
        (n.q === null ? '' : `; q ${n.q.toPrecision(3)}`) +
        '.',
    );
  }
  if (i.pins.length > 0) {
    lines.push('', 'Pinned evidence:');
    for (const p of i.pins)
      lines.push(
        `- ${p.label} (score ${p.score}${p.flagged.length ? `; ${p.flagged.join(', ')}` : ''})${p.comment ? `: ${p.comment}` : ''}`,
      );
  }
  return lines.join('\n');
}

/** The objects to publish for the case now (marking first), versioned against `previous`. */
export function caseToStix(i: CaseStixInput): StixObject[] {
  const marking = TLP2_MARKINGS[i.tlp];
  const identity = orgIdentity(i.orgName, i.tlp, i.contacts);
  const identityId = identity.id;
  const accountType = inferAccountType(i.format);
  const objects = new Map<string, StixObject>();
  const add = (o: StixObject): void => {
    if (!objects.has(o.id)) objects.set(o.id, o);
  };
  const common = (type: string, id: string): StixObject => ({
    type,
    spec_version: '2.1',
    id,
    created_by_ref: identityId,
    created: i.now,
    modified: i.now,
    object_marking_refs: [marking.id],
  });
  const relationship = (type: string, source: string, target: string): void => {
    add({
      ...common('relationship', lockstepId('relationship', [type, source, target])),
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    });
  };
  const observable = (type: string, props: Record<string, unknown>): string => {
    const sco: StixObject = {
      type,
      spec_version: '2.1',
      id: '',
      ...props,
      object_marking_refs: [marking.id],
    };
    sco.id = scoId(type, sco);
    add(sco);
    return sco.id;
  };

  const campaignId = lockstepId('campaign', [identityId, 'case', i.caseId]);
  // ISO strings of one form (precompute.ts), so text order is time order.
  const starts = (i.network?.timeline ?? []).map((b) => b.start).sort();
  const ends = (i.network?.timeline ?? []).map((b) => b.end).sort();
  const span = starts.length > 0 ? { first_seen: starts[0]!, last_seen: ends[ends.length - 1]! } : {};
  add({
    ...common('campaign', campaignId),
    name: i.title,
    description: i.network?.summary ?? `Accounts acting in lockstep (case ${i.caseId}).`,
    ...span,
    objective: 'Amplify content through coordinated, synchronised account activity.',
    ...(i.network ? { x_lockstep_behaviours: [...i.network.behaviours] } : {}),
    x_lockstep_members: i.accounts.length,
    x_lockstep_case: i.caseId,
    [ACK_PROPERTY]: true,
  });
  add({
    ...common('note', lockstepId('note', [campaignId, 'evidence'])),
    abstract: `Evidence for case ${i.caseId}`,
    content: evidence(i),
    authors: [i.orgName],
    object_refs: [campaignId],
  });
  for (const b of i.network?.behaviours ?? [])
    // A behaviour name from the stored page: one this build does not know has no technique.
    for (const t of (DISARM_BY_BEHAVIOUR as Partial<Record<string, readonly DisarmTechnique[]>>)[b] ?? []) {
      const id = lockstepId('attack-pattern', [identityId, 'DISARM', t.id]);
      add({
        ...common('attack-pattern', id),
        created: REFERENCE_CREATED,
        modified: REFERENCE_CREATED,
        name: t.name,
        external_references: [{ source_name: 'DISARM', external_id: t.id, url: disarmUrl(t.id) }],
        kill_chain_phases: [{ kill_chain_name: 'disarm', phase_name: disarmPhase(t.tactic) }],
      });
      relationship('uses', campaignId, id);
    }
  const pins = new Map(i.pins.map((p) => [p.account, p]));
  for (const a of [...i.accounts].sort((x, y) => (x.account < y.account ? -1 : 1))) {
    const scoRef = observable('user-account', {
      user_id: a.account,
      account_type: accountType,
      ...(a.label !== a.account ? { account_login: a.label } : {}),
    });
    // The run export's id for this account (stix/map.ts), so sightings of either meet.
    const indicatorId = lockstepId('indicator', [identityId, 'user-account', accountType, a.account]);
    const pin = pins.get(a.account);
    add({
      ...common('indicator', indicatorId),
      name: `Account ${a.label} acting in lockstep`,
      description: pin
        ? `Pinned evidence: score ${pin.score}${pin.flagged.length ? `; ${pin.flagged.join(', ')}` : ''}${pin.comment ? `. ${pin.comment}` : ''}`
        : `Member of the accounts of case ${i.caseId}.`,
      indicator_types: ['anomalous-activity'],
      pattern: equalityPattern('user-account', [
        ['user_id', a.account],
        ['account_type', accountType],
      ]),
      pattern_type: 'stix',
      valid_from: span.first_seen ?? i.now,
    });
    relationship('indicates', indicatorId, campaignId);
    relationship('related-to', indicatorId, scoRef);
  }
  for (const o of i.network?.topObjects ?? []) {
    const kind =
      o.behaviour === 'co-link' && isWebUrl(o.object)
        ? 'url'
        : o.behaviour === 'co-domain' && isDomain(o.object)
          ? 'domain-name'
          : undefined;
    if (!kind) continue;
    const scoRef = observable(kind, { value: o.object });
    const indicatorId = lockstepId('indicator', [identityId, kind, o.object]);
    add({
      ...common('indicator', indicatorId),
      name: `${kind === 'url' ? 'URL' : 'Domain'} pushed in lockstep: ${o.object}`,
      description: `Shared by ${o.accounts} accounts of the network in ${o.actions} actions (${o.behaviour}).`,
      indicator_types: ['anomalous-activity'],
      pattern: equalityPattern(kind, [['value', o.object]]),
      pattern_type: 'stix',
      valid_from: span.first_seen ?? i.now,
    });
    relationship('indicates', indicatorId, campaignId);
    relationship('related-to', indicatorId, scoRef);
  }
  const previous = latestVersions(i.previous ?? []);
  // The identity and attack patterns are the org's reference objects, shared with its run exports:
  // never revoked because a case no longer needs them.
  const fresh = reconcile([...objects.values()], previous, {
    now: i.now,
    producerId: identityId,
    keepTypes: new Set(['identity', 'attack-pattern']),
  });
  const prevIdentity = previous.get(identityId);
  // A card's update time is the identity's version; an older card than the one published keeps it.
  const id =
    prevIdentity && (prevIdentity.modified ?? '') >= (identity.modified ?? '') ? prevIdentity : identity;
  return [marking, id, ...fresh];
}

/** The campaign id a case is published under (feedback is read against it). */
export function caseCampaignId(orgName: string, caseId: string): string {
  return lockstepId('campaign', [lockstepId('identity', [orgName]), 'case', caseId]);
}
