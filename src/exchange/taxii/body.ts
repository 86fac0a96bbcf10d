/**
 * The POST body parser: only TAXII 2.1 JSON is accepted (fastify answers 415 for any other type,
 * the handler turns that into a TAXII error), bodies are read as text under fastify's global limit
 * and parsed here so a syntax error is a 400 naming the problem. The byte length is kept for the
 * per-API-root max_content_length check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { taxiiError } from './errors.js';
import { isTaxiiContentType } from './media.js';
import { MAX_BODY_DEPTH, MAX_OBJECT_DEPTH, jsonLimitError, textDepth } from './json-limits.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body outside an envelope's `objects` must keep the object limits too (a feedback body, the
 * envelope's own keys); the objects are checked one by one when they are stored, so one deep object
 * fails alone (store-envelope.ts).
 */
function bodyLimitError(body: unknown): string | undefined {
  const objects = isRecord(body) && Array.isArray(body.objects) ? body.objects : undefined;
  const leaves = new Set<unknown>(objects ?? []);
  // +2: the envelope and its `objects` array sit above each object.
  return jsonLimitError(body, MAX_OBJECT_DEPTH + 2, Number.MAX_SAFE_INTEGER, leaves);
}

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
    if (textDepth(text) > MAX_BODY_DEPTH) {
      done(
        taxiiError(
          'ERR_TAXII_BAD_REQUEST',
          `the body nests deeper than ${MAX_BODY_DEPTH} levels (the limit)`,
        ),
        undefined,
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      done(
        taxiiError(
          'ERR_TAXII_BAD_REQUEST',
          `the body is not valid JSON: ${e instanceof Error ? e.message : 'parse error'}`,
        ),
        undefined,
      );
      return;
    }
    const bad = bodyLimitError(parsed);
    if (bad !== undefined) {
      done(taxiiError('ERR_TAXII_BAD_REQUEST', `the body is refused: ${bad}`), undefined);
      return;
    }
    done(null, parsed);
  });
}
