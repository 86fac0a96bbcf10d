/**
 * `GET|PUT /{api-root}/feedback/organisations/{org}/contact`: the contact card an organisation
 * publishes (a security contact per topic: election-integrity, takedown, press …).
 *
 * GET: any authenticated caller of the API root (a card exists to be found by partners).
 * PUT: members of that organisation only. Lockstep users carry no role inside their org, so every
 * member may publish the card, as every member may POST the org's objects; a PUT for another org is
 * 403 whether or not that org exists.
 */
import type { FastifyInstance } from 'fastify';
import { nowTimestamp } from '../../store/timestamps.js';
import { bodyLength } from '../taxii/body.js';
import { pathParams, principalOf, requireApiRoot } from '../taxii/context.js';
import type { TaxiiContext } from '../taxii/context.js';
import { taxiiError } from '../taxii/errors.js';
import { sendTaxii } from '../taxii/reply.js';
import { contactBody } from './presenters.js';
import { ContactCardSchema, OrgParams, parseBody } from './schema.js';

/** A card is a few contacts; a larger body is refused before parsing it further. */
export const MAX_CARD_BYTES = 64 * 1024;

export function registerContact(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/feedback/organisations/:org/contact', async (req, reply) => {
    const { apiRoot, org } = pathParams(OrgParams, req.params);
    await requireApiRoot(ctx, apiRoot);
    const rec = await ctx.store.getOrg(org);
    const card = rec && (await ctx.store.getContactCard(org));
    if (!rec || !card)
      throw taxiiError('ERR_TAXII_NOT_FOUND', `organisation "${org}" has published no contact card`);
    return sendTaxii(reply, contactBody(rec, card));
  });

  app.put('/:apiRoot/feedback/organisations/:org/contact', async (req, reply) => {
    const { apiRoot, org } = pathParams(OrgParams, req.params);
    const who = principalOf(req);
    const root = await requireApiRoot(ctx, apiRoot);
    if (who.org !== org)
      throw taxiiError('ERR_TAXII_FORBIDDEN', 'only members of an organisation may publish its contact card');
    if (bodyLength(req) > Math.min(MAX_CARD_BYTES, root.maxContentLength))
      throw taxiiError('ERR_TAXII_TOO_LARGE', `a contact card is at most ${MAX_CARD_BYTES} bytes`);
    if (req.body === undefined)
      throw taxiiError('ERR_TAXII_BAD_REQUEST', 'the body must be a contact card: {"contacts": [ … ]}');
    const card = parseBody(ContactCardSchema, req.body, 'contact card');
    const rec = await ctx.store.getOrg(org);
    if (!rec) throw taxiiError('ERR_TAXII_NOT_FOUND', `no organisation "${org}"`);
    const stored = { org, json: JSON.stringify(card), updated: nowTimestamp() };
    await ctx.store.putContactCard(stored);
    return sendTaxii(reply, contactBody(rec, stored));
  });
}
