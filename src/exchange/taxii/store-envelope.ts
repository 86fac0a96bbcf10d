/**
 * The work behind a POST to the objects resource, once the caller and the envelope's shape are
 * checked: each object is validated on its own (invalid ones become failures in the status resource
 * with the reason), the valid ones get their TLP level and pass the ownership rule (ownership.ts:
 * refused when the poster can see another org's object, else kept apart), and the store writes them
 * and the status resource in one transaction.
 */
import type { AddObjectsRequest, ObjectInput, StatusDetail, StatusRecord, Store } from '../../store/store.js';
import { checkStix, tlpFor } from '../stix-adapter.js';
import type { Principal } from '../access.js';
import { applyOwnership } from '../ownership.js';
import { jsonLimitError } from './json-limits.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function versionOf(o: Record<string, unknown>): string | undefined {
  const v = o.modified ?? o.created;
  return typeof v === 'string' ? v : undefined;
}

export type EnvelopeRequest = Omit<AddObjectsRequest, 'objects' | 'rejected' | 'producerOrg'> & {
  /** The envelope's `objects`, as posted. */
  objects: readonly unknown[];
  /** The authenticated poster: its org is the producer, and the ownership rule (ownership.ts) applies. */
  poster: Principal;
};

export async function storeEnvelope(store: Store, req: EnvelopeRequest): Promise<StatusRecord> {
  const markingDefinitions = req.objects.filter(
    (o): o is Record<string, unknown> => isRecord(o) && o.type === 'marking-definition',
  );
  const objects: ObjectInput[] = [];
  const rejected: StatusDetail[] = [];
  for (const [i, o] of req.objects.entries()) {
    // Limits first: the validator and the store's JSON.stringify recurse, and would overflow.
    const tooBig = jsonLimitError(o);
    const check = tooBig === undefined ? checkStix(o) : { ok: false, errors: [`object refused: ${tooBig}`] };
    if (check.ok && isRecord(o)) {
      objects.push({ object: o, tlp: tlpFor(o, markingDefinitions) });
      continue;
    }
    const rec = isRecord(o) ? o : {};
    const version = versionOf(rec);
    rejected.push({
      id: typeof rec.id === 'string' ? rec.id.slice(0, 256) : `(object ${i} without id)`,
      ...(version !== undefined ? { version: version.slice(0, 64) } : {}),
      message: check.errors.slice(0, 10).join('; ').slice(0, 2000),
    });
  }
  const owned = await applyOwnership(store, req.poster, req, objects);
  const { poster, ...rest } = req;
  return store.addObjects({
    ...rest,
    producerOrg: poster.org,
    objects: owned.inputs,
    rejected: [...rejected, ...owned.refused],
    present: owned.present,
  });
}
