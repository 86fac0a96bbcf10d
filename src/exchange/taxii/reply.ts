/**
 * Sends TAXII bodies in exactly `application/taxii+json;version=2.1`. The JSON text goes out as a
 * Buffer because fastify rewrites a json-ish content type for strings and objects (it quotes the
 * version and appends a charset), and strict TAXII clients compare the media type literally.
 */
import type { FastifyReply } from 'fastify';
import { TAXII_MEDIA } from './media.js';

export function sendTaxii(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return reply.code(status).header('content-type', TAXII_MEDIA).send(Buffer.from(text, 'utf8'));
}
