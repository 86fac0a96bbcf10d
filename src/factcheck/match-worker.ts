/**
 * Worker-thread entry for match-pool.ts: builds its own matcher from the fact checks (structured
 * clone), then answers each batch of post queries with their matches, fact checks named by index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FactCheckMatcher } from './matcher.js';
import type { MatchQuery } from './matcher.js';
import type { BatchReply, BatchRequest, WireMatch } from './match-pool.js';
import type { FactCheck } from './types.js';

const { factChecks } = workerData as { factChecks: FactCheck[] };
const matcher = new FactCheckMatcher(factChecks);
const port = parentPort!;
port.postMessage({ ready: true });
port.on('message', (req: BatchRequest) => {
  const reply: BatchReply = {
    id: req.id,
    matches: req.queries.map((q: MatchQuery) =>
      // The fact check itself stays behind: `doc` names it, the main thread holds the list.
      matcher.match(q, req.top, req.minScore).map((m): WireMatch => ({
        doc: m.doc,
        rank: m.rank,
        score: m.score,
        features: m.features,
        reasons: m.reasons,
      })),
    ),
  };
  port.postMessage(reply);
});
