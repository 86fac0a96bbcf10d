/**
 * The feedback channels of the exchange, mounted under each API root beside (not inside) the TAXII
 * spec's own paths: sightings per object for its producer, organisations' contact cards, and
 * acknowledgements with time to first acknowledgement. They run inside the TAXII registration, so
 * authentication, Accept negotiation, the TAXII body parser and the one error handler are the same.
 * See docs/EXCHANGE.md "Feedback".
 */
import type { FastifyInstance } from 'fastify';
import type { TaxiiContext } from '../taxii/context.js';
import { registerAcks } from './acks.js';
import { registerContact } from './contact.js';
import { registerSightings } from './sightings.js';

export function registerFeedback(app: FastifyInstance, ctx: TaxiiContext): void {
  registerSightings(app, ctx);
  registerContact(app, ctx);
  registerAcks(app, ctx);
}
