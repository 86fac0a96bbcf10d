/**
 * TAXII 2.1 media types and the content negotiation rules of its section 1.6: a server answers
 * `application/taxii+json;version=2.1`, accepts requests whose Accept names it (or a wildcard, or the
 * unversioned type, which means "latest"), and takes POST bodies only in that media type.
 */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseRange(s: string): MediaRange | undefined {
  const [head, ...rest] = s.split(';');
  const type = head?.trim().toLowerCase();
  if (!type || !/^[a-z0-9*!#$&^_.+-]+\/[a-z0-9*!#$&^_.+-]+$/.test(type)) return undefined;
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    params.set(
      p.slice(0, eq).trim().toLowerCase(),
      p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return { type, params };
}

function isTaxii21(r: MediaRange): boolean {
  if (r.type !== 'application/taxii+json') return false;
  const v = r.params.get('version');
  return v === undefined || v === '2.1';
}

/** True when an Accept header lets us answer in TAXII 2.1 JSON (a missing header accepts anything). */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  for (const part of accept.split(',')) {
    const r = parseRange(part);
    if (!r) continue;
    const q = r.params.get('q');
    if (q !== undefined && Number(q) === 0) continue;
    if (r.type === '*/*' || r.type === 'application/*' || isTaxii21(r)) return true;
  }
  return false;
}

/** True for a POST Content-Type of TAXII 2.1 JSON. */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const r = parseRange(contentType);
  return r !== undefined && isTaxii21(r);
}

/** The STIX media type of a stored object's spec_version (for manifests). */
export function stixMediaType(specVersion: string): string {
  return `application/stix+json;version=${specVersion}`;
}
