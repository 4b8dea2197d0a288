/**
 * The least the backbone needs from a caller's database handle to write inside the caller's
 * transaction. A Prisma interactive-transaction client (`$executeRawUnsafe`) and a `pg` client
 * or pool (`query`) both satisfy it as they are.
 */
export type SqlExecutor = PrismaStyleExecutor | PgStyleExecutor;

export interface PrismaStyleExecutor {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

export interface PgStyleExecutor {
  query(sql: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/** Runs one statement with `$n` placeholders; resolves to the number of rows it affected. */
export async function execute(executor: SqlExecutor, sql: string, values: unknown[]): Promise<number> {
  if ("$executeRawUnsafe" in executor) return executor.$executeRawUnsafe(sql, ...values);
  const result = await executor.query(sql, values);
  return result.rowCount ?? 0;
}
