/**
 * Points of contact and sending a case to a partner. The directory is the caller's org and its
 * trust-group partners with their contact cards (the same cards TAXII's feedback endpoint publishes).
 * A confirmed case may be sent to a partner's point of contact; the partner sees a snapshot in its
 * inbox and acknowledges it (received / actioned / rejected); the sender's case shows whom it went
 * to, the acknowledgement and the time to acknowledge, and its trail records both.
 *
 * TLP: a case leaves its org only at AMBER, GREEN or CLEAR (AMBER+STRICT and RED stay in the org),
 * only to a trust-group partner, and only to one that may already see the case's run (a case about
 * a partner's AMBER run cannot be passed on to a third org: TLP 2.0 AMBER is not for onward sharing).
 * The inbox shows shares only from orgs still in the reader's audience.
 */
import type { Principal } from '../../exchange/access.js';
import type { ContactCard } from '../../exchange/feedback/contact-card.js';
import type { CaseRecord, CaseShareRecord, RunRecord, Store } from '../../store/store.js';
import type { RunTlp } from '../api-schema.js';
import type { CaseShareView, ContactView, DirectoryOrg, SharedCase, ShareRequest } from '../share-schema.js';
import type { CaseView } from '../case-schema.js';
import { runAudience } from '../runs.js';
import { CaseError } from './errors.js';
import type { Cases } from './service.js';

const SHAREABLE: readonly string[] = ['amber', 'green', 'clear'];

async function contactsOf(
  store: Store,
  org: string,
): Promise<{ contacts: ContactView[]; updated: string | null }> {
  const card = await store.getContactCard(org);
  if (!card) return { contacts: [], updated: null };
  return { contacts: (JSON.parse(card.json) as ContactCard).contacts, updated: card.updated };
}

async function directoryEntry(store: Store, org: string, own: boolean): Promise<DirectoryOrg> {
  const rec = await store.getOrg(org);
  return { id: org, name: rec?.name ?? org, own, ...(await contactsOf(store, org)) };
}

/** The caller's org first, then its trust-group partners by id. */
export async function directory(store: Store, who: Principal): Promise<DirectoryOrg[]> {
  const peers = [...(await store.peersOf(who.org))].sort();
  return Promise.all([
    directoryEntry(store, who.org, true),
    ...peers.map((p) => directoryEntry(store, p, false)),
  ]);
}

/** Partners a case may go to now: trust-group peers that may see its run; none when its TLP forbids. */
export async function partnersFor(
  store: Store,
  who: Principal,
  c: CaseRecord,
  run: RunRecord | undefined,
): Promise<DirectoryOrg[]> {
  if (!run || !SHAREABLE.includes(c.tlp)) return [];
  const out: DirectoryOrg[] = [];
  for (const org of [...(await store.peersOf(who.org))].sort()) {
    const seen = await store.getRun(run.id, await runAudience(store, { username: '', org }));
    if (seen) out.push(await directoryEntry(store, org, false));
  }
  return out;
}

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

export async function sharesOf(store: Store, c: CaseRecord): Promise<CaseShareView[]> {
  const shares = await store.caseShares(c.id, c.org);
  return Promise.all(
    shares.map(async (s) => {
      const snap = JSON.parse(s.json) as SharedCase;
      return {
        org: s.toOrg,
        orgName: (await store.getOrg(s.toOrg))?.name ?? s.toOrg,
        topic: s.topic,
        contact: (snap as SharedCase & { contact?: ContactView | null }).contact ?? null,
        tlp: s.tlp as RunTlp,
        version: s.version,
        sharedAt: s.sharedAt,
        sharedBy: s.sharedBy,
        ack: s.ack,
        secondsToAck: s.ack ? seconds(s.sharedAt, s.ack.at) : null,
      };
    }),
  );
}

function present(s: CaseShareRecord): SharedCase {
  const snap = JSON.parse(s.json) as Omit<SharedCase, 'ack' | 'version' | 'sharedAt' | 'sharedBy' | 'tlp'>;
  return {
    caseId: snap.caseId,
    fromOrg: snap.fromOrg,
    fromOrgName: snap.fromOrgName,
    tlp: s.tlp as RunTlp,
    version: s.version,
    sharedAt: s.sharedAt,
    sharedBy: s.sharedBy,
    topic: s.topic,
    title: snap.title,
    status: snap.status,
    runTitle: snap.runTitle,
    network: snap.network,
    message: snap.message,
    accounts: snap.accounts,
    pins: snap.pins,
    ack: s.ack,
  };
}

export class Sharing {
  constructor(
    private readonly store: Store,
    private readonly cases: Cases,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async share(who: Principal, id: string, req: ShareRequest): Promise<CaseView> {
    const view = await this.cases.view(who, id);
    const c = view.case;
    if (c.status !== 'confirmed' && c.status !== 'shared')
      throw new CaseError(422, 'invalid', `status: confirm the case before sending it (it is ${c.status})`);
    if (!SHAREABLE.includes(c.tlp))
      throw new CaseError(
        422,
        'invalid',
        `tlp: a TLP:${c.tlp.toUpperCase()} case stays within ${who.org}; mark it AMBER, GREEN or CLEAR to send it`,
      );
    const partner = view.partners.find((p) => p.id === req.org);
    if (!partner)
      throw new CaseError(
        422,
        'invalid',
        `org: "${req.org}" is not a trust-group partner that may see this case's run`,
      );
    const contact =
      req.topic === undefined ? null : (partner.contacts.find((x) => x.topic === req.topic) ?? null);
    if (req.topic !== undefined && !contact)
      throw new CaseError(422, 'invalid', `topic: ${partner.id} has no point of contact for "${req.topic}"`);
    const at = this.now().toISOString();
    const from = await this.store.getOrg(who.org);
    const snapshot = {
      caseId: c.id,
      fromOrg: who.org,
      fromOrgName: from?.name ?? who.org,
      title: c.title,
      status: c.status === 'confirmed' ? 'shared' : c.status,
      runTitle: view.runTitle,
      network: c.network,
      message: req.message ?? null,
      accounts: view.accounts,
      pins: view.pins.map((p) => ({
        account: p.account,
        label: p.label,
        network: p.network,
        score: p.score,
        flagged: p.flagged,
        comment: p.comment,
      })),
      contact,
    };
    const saved = await this.store.putCaseShare({
      caseId: c.id,
      toOrg: partner.id,
      fromOrg: who.org,
      tlp: c.tlp,
      topic: req.topic ?? null,
      sharedAt: at,
      sharedBy: who.username,
      json: JSON.stringify(snapshot),
    });
    const events = [
      {
        at,
        actor: who.username,
        kind: 'shared',
        json: JSON.stringify({
          org: partner.id,
          topic: req.topic ?? null,
          contact: contact?.name ?? contact?.email ?? null,
          version: saved.version,
          tlp: c.tlp,
        }),
      },
    ];
    if (c.status === 'confirmed')
      events.push({
        at,
        actor: who.username,
        kind: 'status',
        json: JSON.stringify({ from: 'confirmed', to: 'shared' }),
      });
    const r = await this.store.updateCase({
      id: c.id,
      org: who.org,
      patch: c.status === 'confirmed' ? { status: 'shared' } : {},
      events,
      at,
    });
    if (!r.ok) throw new CaseError(404, 'not-found', 'no such case');
    return this.cases.view(who, id);
  }

  /** Orgs whose shares the reader may see: trust-group peers (as for runs). */
  async #senders(who: Principal): Promise<string[]> {
    return this.store.peersOf(who.org);
  }

  async inbox(who: Principal): Promise<SharedCase[]> {
    return (await this.store.sharesTo(who.org, await this.#senders(who))).map(present);
  }

  async received(who: Principal, caseId: string): Promise<SharedCase> {
    const [s] = await this.store.sharesTo(who.org, await this.#senders(who), caseId);
    if (!s) throw new CaseError(404, 'not-found', 'no such shared case');
    return present(s);
  }

  async acknowledge(
    who: Principal,
    caseId: string,
    kind: 'received' | 'actioned' | 'rejected',
  ): Promise<{ share: SharedCase; created: boolean }> {
    const s = await this.received(who, caseId);
    const at = this.now().toISOString();
    const r = await this.store.ackCaseShare(caseId, who.org, { kind, at, by: who.username });
    if (!r) throw new CaseError(404, 'not-found', 'no such shared case');
    if (r.created)
      await this.store.updateCase({
        id: caseId,
        org: s.fromOrg,
        patch: {},
        events: [
          {
            at,
            actor: `${who.username} (${who.org})`,
            kind: 'acknowledged',
            json: JSON.stringify({
              org: who.org,
              kind,
              seconds: seconds(r.share.sharedAt, at),
              version: r.share.version,
            }),
          },
        ],
        at,
      });
    return { share: present(r.share), created: r.created };
  }
}
