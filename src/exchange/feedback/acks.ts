/**
 * Acknowledgements of objects that ask for one.
 *
 * An object asks by carrying the custom property `x_lockstep_ack_required: true` (STIX 2.1 custom
 * properties, section 11.1) rather than by a store flag set on POST: the request travels with the
 * object (sync, other TAXII servers and clients see it), it is versioned with the object (a new
 * version may drop it), and TAXII's POST has no place for a per-object flag.
 *
 * - `POST /{api-root}/feedback/objects/{object-id}/ack` (optional body `{"kind": "received" |
 *   "actioned" | "rejected"}`, default `received`): a recipient org records that it has seen the
 *   newest version it may see, in every collection where that version asks for acknowledgement.
 *   Only the first time per (collection, version, org, kind) is kept: 201 when recorded now, 200 with
 *   the original time on a repeat. The producer cannot acknowledge its own object (403).
 * - `GET /{api-root}/feedback/objects/{object-id}/acks`: the producer reads per-org first
 *   acknowledgement times and the time to first acknowledgement, counted from the earliest date_added
 *   of a visible version that asks for it.
 */
import type { FastifyInstance } from 'fastify';
import type { AckRecord, StoredObject } from '../../store/store.js';
import { nowTimestamp } from '../../store/timestamps.js';
import { bodyLength } from '../taxii/body.js';
import { pathParams } from '../taxii/context.js';
import type { TaxiiContext } from '../taxii/context.js';
import { taxiiError } from '../taxii/errors.js';
import { sendTaxii } from '../taxii/reply.js';
import { findObject, requireProducer } from './lookup.js';
import { ackView, acksBody } from './presenters.js';
import { AckBodySchema, ObjectFeedbackParams, parseBody } from './schema.js';

export const ACK_PROPERTY = 'x_lockstep_ack_required';
const MAX_ACK_BYTES = 4096;

export function asksForAck(o: StoredObject): boolean {
  return (JSON.parse(o.json) as Record<string, unknown>)[ACK_PROPERTY] === true;
}

export function registerAcks(app: FastifyInstance, ctx: TaxiiContext): void {
  app.post('/:apiRoot/feedback/objects/:objectId/ack', async (req, reply) => {
    const { apiRoot, objectId } = pathParams(ObjectFeedbackParams, req.params);
    if (bodyLength(req) > MAX_ACK_BYTES)
      throw taxiiError('ERR_TAXII_TOO_LARGE', `an acknowledgement body is at most ${MAX_ACK_BYTES} bytes`);
    const body = parseBody(AckBodySchema, req.body ?? {}, 'acknowledgement');
    const scope = await findObject(ctx, req, apiRoot, objectId);
    const asking = scope.found.filter((f) => asksForAck(f.newest));
    if (asking.length === 0)
      throw taxiiError(
        'ERR_FEEDBACK_ACK_NOT_REQUESTED',
        `object "${objectId}" does not ask for acknowledgement (${ACK_PROPERTY} is not true)`,
      );
    const targets = asking.filter((f) => f.newest.producerOrg !== scope.who.org);
    if (targets.length === 0)
      throw taxiiError(
        'ERR_TAXII_FORBIDDEN',
        'the publishing organisation cannot acknowledge its own object',
      );
    const at = nowTimestamp();
    const recorded: AckRecord[] = [];
    let created = false;
    for (const t of targets) {
      const r = await ctx.store.acknowledgeOnce({
        collection: t.collection.id,
        objectId,
        version: t.newest.version,
        org: scope.who.org,
        kind: body.kind,
        at,
      });
      created ||= r.created;
      recorded.push(r.record);
    }
    return sendTaxii(
      reply,
      { object_id: objectId, organisation: scope.who.org, acknowledgements: recorded.map(ackView) },
      created ? 201 : 200,
    );
  });

  app.get('/:apiRoot/feedback/objects/:objectId/acks', async (req, reply) => {
    const { apiRoot, objectId } = pathParams(ObjectFeedbackParams, req.params);
    const scope = await findObject(ctx, req, apiRoot, objectId);
    const { own, owner } = requireProducer(scope, objectId);
    let published: string | undefined;
    const acks: AckRecord[] = [];
    for (const f of own) {
      for (const v of f.versions)
        if (asksForAck(v) && (published === undefined || v.dateAdded < published)) published = v.dateAdded;
      // Acknowledgements belong to the owner's versions; a copy kept apart has none (only its own org
      // sees it, and a producer cannot acknowledge its own object).
      if (owner) acks.push(...(await ctx.store.listAcknowledgements(f.collection.id, objectId)));
    }
    return sendTaxii(reply, acksBody({ objectId, published, acks }));
  });
}
