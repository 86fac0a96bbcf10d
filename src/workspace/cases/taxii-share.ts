/**
 * Sharing a confirmed case to a TAXII collection of this server, and reading partners' answers.
 *
 * Publishing maps the case to STIX (case-stix.ts) at the chosen TLP and stores it through the same
 * path as a TAXII POST (exchange/taxii/store-envelope.ts: per-object validation, TLP level, the
 * ownership rule), as the org's user, into a collection the org may write. The objects last published
 * there are read back first, so an unchanged case writes nothing new, a changed one new versions, and
 * accounts it no longer has are revoked. The publication is a `published` event in the case's trail.
 *
 * TLP, on every path: the chosen level may not be less restrictive than the case's (itself at least
 * its run's, TLP 2.0: a recipient does not widen the audience); a case whose run left the org's view
 * is not published; readers see the objects only as the exchange's TLP rules allow (access.ts), and
 * the feedback read here is filtered by the publishing org's own visibility in the collection.
 *
 * Feedback: partners acknowledge the campaign through TAXII (`…/feedback/objects/{id}/ack`) and
 * post sightings of the campaign or its indicators; taxii-feedback.ts reads them for the case's TAXII
 * section and its trail.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../exchange/access.js';
import { collectionAccess } from '../../exchange/access.js';
import { ContactCardSchema } from '../../exchange/feedback/contact-card.js';
import { storeEnvelope } from '../../exchange/taxii/store-envelope.js';
import { stixTimestamp } from '../../stix/ids.js';
import type { StixBundle, StixObject } from '../../stix/types.js';
import { lockstepId } from '../../stix/ids.js';
import type { CollectionRecord, Store } from '../../store/store.js';
import type { RunTlp } from '../api-schema.js';
import type { CaseView } from '../case-schema.js';
import type { Publication, PublishRequest, TaxiiTarget } from '../taxii-share-schema.js';
import { caseCampaignId, caseToStix } from './case-stix.js';
import type { PublishedFacts } from './taxii-feedback.js';
import { publicationsOf, publishedIn, storedObjects } from './taxii-feedback.js';
import { CaseError } from './errors.js';
import type { Cases } from './service.js';
import { atLeast } from './workflow.js';

export class TaxiiShares {
  constructor(
    private readonly store: Store,
    private readonly cases: Cases,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Collections of every API root the caller's org may write to. */
  async targets(who: Principal): Promise<TaxiiTarget[]> {
    const out: TaxiiTarget[] = [];
    for (const root of await this.store.listApiRoots())
      for (const c of await this.store.listCollections(root.name))
        if ((await collectionAccess(this.store, who, c.id)).canWrite)
          out.push({ apiRoot: root.name, collection: c.id, title: c.title });
    return out;
  }

  async #writable(who: Principal, apiRoot: string, id: string): Promise<CollectionRecord> {
    const c = await this.store.getCollection(apiRoot, id);
    if (!c || !(await collectionAccess(this.store, who, c.id)).canWrite)
      throw new CaseError(
        422,
        'invalid',
        `collection: no collection "${id}" in API root "${apiRoot}" that ${who.org} may write to`,
      );
    return c;
  }

  /** The case as STIX objects at `tlp`, versioned against `previous`. */
  async #objects(
    who: Principal,
    view: CaseView,
    tlp: RunTlp,
    now: string,
    previous: readonly StixObject[],
  ): Promise<StixObject[]> {
    const c = view.case;
    if (!atLeast(tlp, c.tlp))
      throw new CaseError(
        422,
        'invalid',
        `tlp: TLP:${tlp.toUpperCase()} is less restrictive than the case's TLP:${c.tlp.toUpperCase()}`,
      );
    const ctx = await this.cases.runContext(who, c.id);
    if (!ctx.run)
      throw new CaseError(
        422,
        'invalid',
        `runId: the case's run is no longer visible to ${who.org} (TLP), so its accounts cannot be shared`,
      );
    const card = await this.store.getContactCard(who.org);
    const parsed = card ? ContactCardSchema.safeParse(JSON.parse(card.json)) : undefined;
    return caseToStix({
      caseId: c.id,
      title: c.title,
      orgName: (await this.store.getOrg(who.org))?.name ?? who.org,
      tlp,
      now,
      format: ctx.graph?.run.parameters.format ?? 'generic',
      accounts: view.accounts,
      pins: view.pins,
      network: c.network === null ? undefined : ctx.graph?.networks.find((n) => n.id === c.network),
      contacts: card && parsed?.success ? { card: parsed.data, updated: card.updated } : undefined,
      previous,
    });
  }

  /** The case as one STIX bundle at `tlp` (an export: nothing is stored). */
  async bundle(who: Principal, id: string, tlp: RunTlp | undefined): Promise<StixBundle> {
    const view = await this.cases.view(who, id);
    const objects = await this.#objects(
      who,
      view,
      tlp ?? view.case.tlp,
      stixTimestamp(this.now().getTime()),
      [],
    );
    return {
      type: 'bundle',
      id: lockstepId('bundle', [view.case.id, view.case.version, tlp ?? view.case.tlp]),
      objects,
    };
  }

  async publish(who: Principal, id: string, req: PublishRequest): Promise<CaseView> {
    const view = await this.cases.view(who, id);
    const c = view.case;
    if (c.status !== 'confirmed' && c.status !== 'shared')
      throw new CaseError(422, 'invalid', `status: confirm the case before sharing it (it is ${c.status})`);
    const coll = await this.#writable(who, req.apiRoot, req.collection);
    const events = await this.store.caseEvents(id, who.org);
    const before = publishedIn(events, coll.id);
    const orgName = (await this.store.getOrg(who.org))?.name ?? who.org;
    const campaign = caseCampaignId(orgName, c.id);
    const at = this.now();
    const nowStix = stixTimestamp(at.getTime());
    // Ids of every earlier publication here, so vanished objects can be revoked.
    const knownIds = [...new Set([campaign, ...before.flatMap((p) => p.facts.ids)])];
    const previous = (await storedObjects(this.store, who, coll, knownIds)).map(
      (o) => JSON.parse(o.json) as StixObject,
    );
    const objects = await this.#objects(who, view, req.tlp, nowStix, previous);
    const status = await storeEnvelope(this.store, {
      statusId: randomUUID(),
      apiRoot: req.apiRoot,
      collection: coll.id,
      poster: who,
      requestTimestamp: at.toISOString(),
      objects,
    });
    const prevByKey = new Set(previous.map((o) => `${o.id}|${o.modified ?? ''}`));
    const unchanged = objects.filter((o) => prevByKey.has(`${o.id}|${o.modified ?? ''}`)).length;
    const camp = objects.find((o) => o.id === campaign);
    const facts: PublishedFacts = {
      apiRoot: req.apiRoot,
      collection: coll.id,
      title: coll.title,
      tlp: req.tlp,
      campaign,
      version: camp?.modified ?? nowStix,
      ids: objects.map((o) => o.id),
      written: status.successCount - unchanged,
      unchanged,
      refused: status.failures.slice(0, 20).map((f) => `${f.id}: ${f.message ?? 'refused'}`),
    };
    const iso = at.toISOString();
    const write = [{ at: iso, actor: who.username, kind: 'published', json: JSON.stringify(facts) }];
    if (c.status === 'confirmed')
      write.push({
        at: iso,
        actor: who.username,
        kind: 'status',
        json: JSON.stringify({ from: 'confirmed', to: 'shared' }),
      });
    const r = await this.store.updateCase({
      id,
      org: who.org,
      patch: c.status === 'confirmed' ? { status: 'shared' } : {},
      events: write,
      at: iso,
    });
    if (!r.ok) throw new CaseError(404, 'not-found', 'no such case');
    return this.cases.view(who, id);
  }

  /** Each collection the case was published to, with partners' acknowledgements and sightings. */
  async publications(who: Principal, id: string): Promise<Publication[]> {
    await this.cases.view(who, id); // another org's case answers like an unknown one
    return publicationsOf(this.store, who, await this.store.caseEvents(id, who.org));
  }
}
