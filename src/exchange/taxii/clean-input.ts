/**
 * The one edge check for text a TAXII request carries into the store: path segments and URL
 * parameters must be text every store can hold (core/clean-text.ts). Runs after authentication (so an
 * anonymous caller still gets 401 first) and before any route: a segment that cannot name a resource is
 * a 404 like any unknown resource, a parameter that cannot be a value is a 400 naming the parameter.
 * Credentials are checked in auth.ts, cursors where they are decoded (store/cursor.ts), bodies are
 * stored as escaped JSON text and need no check.
 */
import type { FastifyRequest } from 'fastify';
import { isCleanText } from '../../core/clean-text.js';
import { taxiiError } from './errors.js';

export { isCleanText };

const values = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function assertCleanInput(req: FastifyRequest): void {
  const params = (req.params ?? {}) as Record<string, unknown>;
  for (const v of Object.values(params))
    if (!values(v).every(isCleanText))
      throw taxiiError('ERR_TAXII_NOT_FOUND', 'no TAXII resource at this path');
  const query = (req.query ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(query))
    if (!isCleanText(k) || !values(v).every(isCleanText))
      throw taxiiError(
        'ERR_TAXII_BAD_REQUEST',
        `URL parameter ${isCleanText(k) ? k.slice(0, 64) : '(unnamed)'}: contains a NUL character or a lone UTF-16 surrogate`,
        { parameter: isCleanText(k) ? k.slice(0, 64) : '' },
      );
}
