/**
 * `GET /{api-root}/feedback/objects/{object-id}/sightings/`: the producer of an object reads the STIX
 * `sighting`s partners POSTed about it (`sighting_of_ref` = the object), from every collection of the
 * root the producer may read, each filtered by the producer's TLP visibility there, newest version of
 * each sighting, plus a summary (how many sightings, observations, organisations, first/last seen).
 * Sightings themselves are ordinary STIX objects POSTed to a collection, as TAXII allows.
 */
import type { FastifyInstance } from 'fastify';
import { pathParams } from '../taxii/context.js';
import type { TaxiiContext } from '../taxii/context.js';
import { sendTaxii } from '../taxii/reply.js';
import { findObject, requireProducer } from './lookup.js';
import type { SightingView } from './presenters.js';
import { sightingView, sightingsBody } from './presenters.js';
import { ObjectFeedbackParams } from './schema.js';

/** Sightings read per collection; beyond it the answer says `more: true` (no paging yet). */
export const MAX_SIGHTINGS_PER_COLLECTION = 1000;

export function registerSightings(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/feedback/objects/:objectId/sightings/', async (req, reply) => {
    const { apiRoot, objectId } = pathParams(ObjectFeedbackParams, req.params);
    const scope = await findObject(ctx, req, apiRoot, objectId);
    const { owner } = requireProducer(scope, objectId);
    const views: SightingView[] = [];
    let more = false;
    for (const r of scope.readable) {
      const found = await ctx.store.sightingsOf(
        r.collection.id,
        objectId,
        r.visibility,
        MAX_SIGHTINGS_PER_COLLECTION + 1,
      );
      if (found.length > MAX_SIGHTINGS_PER_COLLECTION) more = true;
      for (const o of found.slice(0, MAX_SIGHTINGS_PER_COLLECTION))
        // For a copy kept apart only the caller's own org could have sighted it (ownership.ts).
        if (owner || o.producerOrg === scope.who.org) views.push(sightingView(o, r.collection.id));
    }
    views.sort((a, b) => (a.date_added < b.date_added ? -1 : a.date_added > b.date_added ? 1 : 0));
    return sendTaxii(reply, sightingsBody(objectId, views, more));
  });
}
