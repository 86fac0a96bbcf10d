/** A network alert as the tracker raises it (tracker.ts), for the workspace sink's tests. */
import type { NetworkAlert } from '../tracker.js';

export function networkAlert(
  id: string,
  o: { status?: NetworkAlert['status']; members?: string[]; added?: string[]; end?: string } = {},
): NetworkAlert {
  const members = o.members ?? ['a', 'b', 'c'];
  const end = o.end ?? '2024-03-04T10:00:00.000Z';
  return {
    kind: 'network',
    id,
    status: o.status ?? 'new',
    members,
    added: o.added ?? members,
    detected_at: '2026-12-06T10:00:00.000Z',
    event_time: end,
    // The monitor's default one-hour window, ending at the tick.
    window: { start: new Date(Date.parse(end) - 3600_000).toISOString(), end },
    behaviours: ['co-retweet'],
    score: 1,
    p_value: 1e-9,
    q_value: 1e-8,
    summary: `planted summary of ${id}`,
    top_objects: [{ behaviour: 'co-retweet', object: 'post-1', accounts: members.length }],
  };
}
