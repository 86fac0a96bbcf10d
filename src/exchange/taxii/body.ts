/**
 * The POST body parser: only TAXII 2.1 JSON is accepted (fastify answers 415 for any other type,
 * the handler turns that into a TAXII error), bodies are read as text under fastify's global limit
 * and parsed here so a syntax error is a 400 naming the problem. The byte length is kept for the
 * per-API-root max_content_length check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { taxiiError } from './errors.js';
import { isTaxiiContentType } from './media.js';

const lengths = new WeakMap<FastifyRequest, number>();

export function bodyLength(req: FastifyRequest): number {
  return lengths.get(req) ?? 0;
}

export function registerBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/taxii+json', { parseAs: 'string' }, (req, body, done) => {
    if (!isTaxiiContentType(req.headers['content-type'])) {
      done(
        taxiiError(
          'ERR_TAXII_UNSUPPORTED_MEDIA_TYPE',
          'Content-Type must be application/taxii+json;version=2.1',
        ),
        undefined,
      );
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    lengths.set(req, Buffer.byteLength(text, 'utf8'));
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(
        taxiiError(
          'ERR_TAXII_BAD_REQUEST',
          `the body is not valid JSON: ${e instanceof Error ? e.message : 'parse error'}`,
        ),
        undefined,
      );
    }
  });
}
