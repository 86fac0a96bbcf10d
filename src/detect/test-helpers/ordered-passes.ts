/**
 * Test helper: action tables as the evidence and contrast stages read them (engine/evidence.ts
 * OrderedActions) — each non-empty table's actions ordered by (object, time), kept where `keep` says
 * (every action by default), as networks.ts orders a table that has no lockstep pass.
 */
import type { ActionTable, PostColumns } from '../engine/actions.js';
import type { OrderedActions } from '../engine/evidence.js';
import { orderByObjectTime } from '../engine/sort.js';

export function orderedPasses(
  tables: readonly ActionTable[],
  columns: PostColumns,
  keep: () => boolean = () => true,
): OrderedActions[] {
  return tables
    .filter((t) => t.object.length > 0)
    .map((table) => {
      const time = new Float64Array(table.object.length);
      for (let r = 0; r < time.length; r++) time[r] = columns.time[table.post[r]!]!;
      const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
      const kept = new Uint8Array(time.length).map(() => (keep() ? 1 : 0));
      return { table, order, starts, kept };
    });
}
