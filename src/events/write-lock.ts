import type { DataSource } from 'typeorm';

/**
 * TypeORM's SQLite driver has ONE connection per process: two transactions started at once
 * interleave on it (the second becomes a savepoint of the first). Intake's short write
 * transactions therefore take turns on SQLite; MySQL/MariaDB has a pool and needs no turn-taking.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

function isSingleConnection(db: DataSource): boolean {
  return db.options.type === 'better-sqlite3';
}

export async function inTurn<T>(db: DataSource, work: () => Promise<T>): Promise<T> {
  if (!isSingleConnection(db)) return work();
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.then(work);
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}
