/**
 * `--engine duckdb` brings back only the pairs the later stages can use: once every behaviour is
 * counted, DuckDB's pair tables are streamed through the pre-chance screen (candidate-screen.ts: the
 * count test against the crowd and shared-interest nulls, the lag test at its uniform reference), and
 * only the pairs whose two accounts are candidates are read into Node, in the (a, b) order the engine
 * lists them in. Fusion, Louvain and the network tests then give what they give on every pair
 * (candidate-screen.ts says why); the diagnostics keep the full pair counts (`counted`).
 *
 * Cost: two counts and one streamed scan of each behaviour's pair table (four columns, Node keeps one
 * byte per account), one semi-join per behaviour in DuckDB; Node holds 44 bytes per pair among
 * candidate accounts instead of per co-acting pair.
 */
import { CandidateScreen, type ScreenOptions } from '../candidate-screen.js';
import type { BehaviourEdges } from '../fusion.js';
import type { DuckDbCounter } from './duckdb-engine.js';
import { eachRow, readPairs } from './duckdb-count.js';
import type { StageTables } from './duckdb-stages.js';

const CANDIDATES = 'lockstep_candidates';

export async function readCandidatePairs(
  counter: DuckDbCounter,
  perBehaviour: readonly BehaviourEdges[],
  tables: readonly StageTables[],
  opts: ScreenOptions,
): Promise<void> {
  const { conn } = counter;
  // count ≥ minParticipation in integers (fusion compares the same way; a fraction rounds up).
  const minP = Math.max(0, Math.ceil(opts.minParticipation));
  const counted = [];
  for (const t of tables) {
    const [[pairs, atMin]] = (
      await conn.runAndReadAll(
        `SELECT count(*), count(*) FILTER (WHERE co_actions >= ${minP}) FROM ${t.pairs}`,
      )
    ).getRowsJS() as [[bigint, bigint]];
    counted.push({ pairs: Number(pairs), atMinParticipation: Number(atMin) });
  }
  const passes = perBehaviour.map(({ behaviour, pass }) => {
    if (!pass) throw new Error(`${behaviour}: no lockstep pass to screen`);
    return { ...pass, behaviour };
  });
  const accountCount = passes[0]?.activity.length ?? 0;
  const total = counted.reduce((n, c) => n + c.atMinParticipation, 0);
  const screen = new CandidateScreen(passes, accountCount, total, opts);
  for (let k = 0; k < tables.length; k++) {
    counter.stage(
      `${perBehaviour[k]!.behaviour}: screening ${counted[k]!.pairs.toLocaleString('en-US')} pairs`,
    );
    await eachRow(
      conn,
      `SELECT a, b, co_actions, shared_interest FROM ${tables[k]!.pairs} WHERE co_actions >= ${minP}`,
      (r) => {
        screen.visit(k, r[0] as number, r[1] as number, r[2] as number, r[3] as number);
      },
    );
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${CANDIDATES} (id INTEGER PRIMARY KEY)`);
  const app = await conn.createAppender(CANDIDATES);
  for (let a = 0; a < accountCount; a++)
    if (screen.candidate[a]) {
      app.appendInteger(a);
      app.endRow();
    }
  app.closeSync();
  const among = `IN (SELECT id FROM ${CANDIDATES})`;
  let kept = 0;
  for (let k = 0; k < tables.length; k++) {
    const edges = perBehaviour[k]!;
    const pairs = await readPairs(
      conn,
      `(SELECT * FROM ${tables[k]!.pairs} WHERE a ${among} AND b ${among})`,
    );
    edges.pairs = pairs;
    edges.pass!.pairs = pairs;
    edges.counted = counted[k]!;
    kept += pairs.size;
  }
  await conn.run(`DROP TABLE ${CANDIDATES}`);
  const all = counted.reduce((n, c) => n + c.pairs, 0);
  counter.stage(
    `${screen.count().toLocaleString('en-US')} candidate accounts: ${kept.toLocaleString('en-US')} of ` +
      `${all.toLocaleString('en-US')} pairs brought back`,
  );
}
