/** What `Database.query` resolves to. */
export interface QueryResult<R> {
  rows: R[];
  /** Rows returned, or for INSERT/UPDATE/DELETE without RETURNING the rows affected. */
  rowCount: number;
}

/**
 * The one database port: embedded PGlite and a PostgreSQL server behind the same six members, so every stage
 * writes its SQL once. Values come back alike from both engines: `bigint` and `numeric` as JS numbers,
 * `timestamptz` as Date, `jsonb` parsed.
 *
 * @example
 *   const db = await openDatabase({ memory: true });
 *   const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM pages WHERE domain_id = $1', [1]);
 *   await db.close();
 */
export interface Database {
  /**
   * One statement with `$1`-style parameters. Pass a JSONB value as `JSON.stringify(value)`: pg would turn a JS
   * array into a PostgreSQL array literal.
   */
  query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Several statements separated by `;`, without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * `COPY table (columns) FROM STDIN` with `data` as its input, in COPY's text format (one row a line, columns
   * separated by tabs, `\N` for null, backslash escapes: see copyText in src/db/copy-text.ts). Resolves to the rows
   * copied. The bulk path: no parameter per value to serialise, and one message instead of one per row.
   */
  copyFrom(sql: string, data: string): Promise<number>;
  /**
   * Runs `fn` in a transaction on one connection: committed when `fn` resolves, rolled back when it throws. Inside,
   * use only `tx` (on PGlite the outer handle waits for the transaction to end, so using it there deadlocks).
   * `tx.transaction` opens a savepoint. `tx` is unusable once the transaction has ended.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Closes what openDatabase opened (the pool, or the PGlite instance). On a transaction handle it rejects. */
  close(): Promise<void>;
  readonly engine: 'pglite' | 'postgres';
}

export type Engine = Database['engine'];
