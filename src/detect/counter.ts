/**
 * Where the counting stage runs (options.engine) — the typed-array engines in this process
 * (engine/lockstep.ts, engine/coortweet.ts), embedded DuckDB (sql/duckdb-engine.ts, sql/duckdb-parity.ts)
 * or a ClickHouse cluster (sql/clickhouse-engine.ts) — behind one interface for the pipeline
 * (pipeline.ts): one behaviour at a time, then `settle` and `close`. The engines are imported only when
 * asked for (optional native packages).
 */
import type { ActionTable, PostColumns } from './engine/actions.js';
import { coortweetPairs } from './engine/coortweet.js';
import { lockstepPass, type LockstepOptions } from './engine/lockstep.js';
import type { ObjectReuse } from './engine/object-cache.js';
import type { BehaviourEdges } from './fusion.js';
import type { ResolvedOptions } from './options.js';
import type { ClickHouseCounter } from './sql/clickhouse-engine.js';
import type { DuckDbCounter } from './sql/duckdb-engine.js';

/** One behaviour at a time, then `close`. */
export interface Counter {
  /**
   * `reuse`: a monitor's per-object cache for this behaviour (engine/object-cache.ts); only the
   * in-memory lockstep engine reads it, the others count the whole table.
   */
  count(
    table: ActionTable,
    columns: PostColumns,
    window: number,
    reuse?: ObjectReuse,
  ): Promise<BehaviourEdges>;
  /** After every behaviour is counted: pairs an engine kept outside Node come back (DuckDB). */
  settle(perBehaviour: BehaviourEdges[]): Promise<void>;
  close(): Promise<void>;
}

/** `duckdb`: a database already open (DuckDB read the input there, duckdb-read.ts); its owner closes it. */
export function counterOf(opts: ResolvedOptions, total: number, duckdb?: DuckDbCounter): Counter {
  const lockstep = (window: number): LockstepOptions => ({
    window,
    maxCrowd: opts.maxCrowd,
    minPairCoActions: Math.max(1, opts.minParticipation),
  });
  if (opts.engine !== 'memory') {
    // Opened on the first behaviour, so a run whose input fails to read never starts the engine.
    let db: Promise<DuckDbCounter | ClickHouseCounter> | undefined;
    let done = 0;
    const onStage = (message: string): void => {
      opts.onProgress(message, done, total);
    };
    const open = (): Promise<DuckDbCounter | ClickHouseCounter> =>
      opts.engine === 'clickhouse'
        ? import('./sql/clickhouse-engine.js').then(({ ClickHouseCounter }) =>
            ClickHouseCounter.open({ ...opts.clickhouse!, onStage }),
          )
        : import('./sql/duckdb-engine.js').then(({ DuckDbCounter }) =>
            DuckDbCounter.open({ ...opts.duckdb, onStage }),
          );
    return {
      async count(table, columns, window) {
        if (db === undefined && duckdb !== undefined && opts.engine === 'duckdb') {
          duckdb.listen(onStage);
          db = Promise.resolve(duckdb);
        }
        db ??= open();
        const engine = await db;
        if (opts.semantics === 'coortweet' && 'parity' in engine) {
          const r = await engine.parity(table, columns, window, opts.minParticipation);
          done++;
          return { behaviour: table.behaviour, pairs: r.pairs, parity: r.diagnostics };
        }
        // DuckDB keeps the pairs until the candidate screen has seen every behaviour's (settle).
        const pass =
          'candidatePairs' in engine
            ? await engine.pass(table, columns, lockstep(window), 'candidates')
            : await engine.pass(table, columns, lockstep(window));
        done++;
        return { behaviour: table.behaviour, pairs: pass.pairs, pass };
      },
      async settle(perBehaviour) {
        const engine = await db;
        // Parity brings its pairs back at once: nothing waits for a candidate screen.
        if (engine && 'candidatePairs' in engine && opts.semantics === 'lockstep')
          await engine.candidatePairs(perBehaviour, opts);
      },
      async close() {
        // A failed open has nothing to close (its error is the one the caller sees).
        // A database the caller handed over is the caller's to close (duckdb-read.ts): it only hears that
        // the counting is done.
        if (duckdb !== undefined && opts.engine === 'duckdb') {
          await duckdb.doneCounting?.();
          return;
        }
        const opened = await db?.catch(() => undefined);
        await opened?.close();
      },
    };
  }
  return {
    count(table, columns, window, reuse) {
      if (opts.semantics === 'coortweet') {
        const r = coortweetPairs(table, columns, window, opts.minParticipation);
        return Promise.resolve({ behaviour: table.behaviour, pairs: r.pairs, parity: r.diagnostics });
      }
      const pass = lockstepPass(table, columns, lockstep(window), reuse);
      return Promise.resolve({ behaviour: table.behaviour, pairs: pass.pairs, pass });
    },
    settle: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
