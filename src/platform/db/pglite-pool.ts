import type { PGlite } from '@electric-sql/pglite';

/**
 * Makes an embedded PGlite look like a `pg` pool with one connection, so Kysely's own
 * PostgresDialect drives both engines. PGlite is a single session: a checked-out
 * "connection" holds a lock until released, so one request's transaction never
 * interleaves with another's statements.
 */
export class PGlitePool {
  private tail: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(private readonly pglite: PGlite) {}

  /** Waits for the embedded session and returns it as a pg-style client. */
  async connect(): Promise<{ query: PGliteClient['query']; release: () => void }> {
    if (this.ended) {
      throw new Error('The embedded database has been closed');
    }
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    const client = new PGliteClient(this.pglite);
    let released = false;
    return {
      query: client.query.bind(client),
      release: () => {
        if (!released) {
          released = true;
          release();
        }
      },
    };
  }

  /** Closes the embedded database once every checked-out session is released. */
  async end(): Promise<void> {
    this.ended = true;
    await this.tail;
    await this.pglite.close();
  }
}

class PGliteClient {
  constructor(private readonly pglite: PGlite) {}

  async query(
    sql: string,
    parameters: unknown[] = [],
  ): Promise<{ command: string; rowCount: number; rows: unknown[] }> {
    if (parameters.length === 0) {
      // The simple protocol runs several statements at once (migrations); pg does the same.
      const results = await this.pglite.exec(sql);
      const last = results[results.length - 1];
      return { command: commandOf(sql), rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
    }
    const result = await this.pglite.query(sql, parameters);
    return { command: commandOf(sql), rowCount: result.affectedRows ?? 0, rows: result.rows };
  }
}

/** The statement's command word, as pg reports it, so affected-row counts are passed on. */
function commandOf(sql: string): string {
  const lead = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  if (lead !== 'WITH') {
    return lead;
  }
  const main = /\)\s*(insert|update|delete|merge|select)\b(?![\s\S]*\)\s*(insert|update|delete|merge|select)\b)/i.exec(
    sql,
  );
  return main?.[1]?.toUpperCase() ?? 'SELECT';
}
