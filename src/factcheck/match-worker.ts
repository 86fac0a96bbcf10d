/**
 * Worker-thread entry for match-pool.ts: a matcher over the index the main thread built and shared
 * (no build, no copy of the fact checks), answering each batch of post queries with their matches,
 * fact checks named by index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FactCheckMatcher } from './matcher.js';
import type { MatcherImage, MatchQuery } from './matcher.js';
import type { BatchReply, BatchRequest, WireMatch } from './match-pool.js';

const { image } = workerData as { image: MatcherImage };
const matcher = new FactCheckMatcher(image);
const port = parentPort!;
port.postMessage({ ready: true });
port.on('message', (req: BatchRequest) => {
  const reply: BatchReply = {
    id: req.id,
    matches: req.queries.map((q: MatchQuery) =>
      // `doc` names the fact check: the main thread holds the list.
      matcher.matchDocs(q, req.top, req.minScore).map((m): WireMatch => ({
        doc: m.doc,
        rank: m.rank,
        score: m.score,
        reasons: m.reasons,
      })),
    ),
  };
  port.postMessage(reply);
});
