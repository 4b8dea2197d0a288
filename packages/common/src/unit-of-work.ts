/** Limits of one transaction, in milliseconds (Prisma's interactive-transaction options). */
export interface TransactionOptions {
  /** How long to wait for a connection from the pool. @default 2000 */
  maxWait?: number;
  /** How long the transaction may run before it is rolled back. @default 5000 */
  timeout?: number;
}

/** A database client as a unit of work sees it: it can run a function in a transaction. */
interface TransactionalClient {
  // Prisma's $transaction is overloaded (a list of queries, or a function); only the function form is used.
  $transaction: (...args: never[]) => unknown;
}

interface RunsTransactions<TTx> {
  $transaction<R>(work: (tx: TTx) => Promise<R>, options?: TransactionOptions): Promise<R>;
}

/** The transaction client a Prisma client hands to `$transaction(work)` (its last overload). */
type TransactionOf<TClient> = TClient extends { $transaction<R>(work: (tx: infer TTx) => Promise<R>, options?: TransactionOptions): Promise<R> } ? TTx : never;

/**
 * The repositories a service works with, and the only way it opens a transaction: the
 * service never sees Prisma, `tx` or a client, only repositories bound to the pool or to one
 * transaction.
 */
export interface UnitOfWork<TRepositories> {
  /** On the pool: each statement runs in its own transaction. */
  readonly repositories: TRepositories;
  /**
   * Runs `work` in one transaction with repositories bound to it: commits when `work`
   * resolves, rolls back when it throws (and rethrows).
   */
  transaction<T>(work: (repositories: TRepositories) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** The unit of work over what a subgraph's repository builder (`bind`) makes. */
export type UnitOfWorkOf<TBind extends (client: never) => unknown> = UnitOfWork<ReturnType<TBind>>;

/**
 * A subgraph's unit of work: `bind` builds its repositories on a client, once on the pool and
 * once per transaction. Built where the client is (`subgraph.ts`), handed to services.
 *
 * @example
 * const uow = createUnitOfWork(db, (client) => ({ users: new UserRepository(client) }));
 * await uow.transaction(async ({ users }) => users.update(id, { status }));
 */
export function createUnitOfWork<TClient extends TransactionalClient, TRepositories>(
  client: TClient,
  bind: (client: TransactionOf<TClient>) => TRepositories,
): UnitOfWork<TRepositories> {
  // The pool client answers every query a transaction's client does, so repositories take either.
  const repositories = bind(client as unknown as TransactionOf<TClient>);
  return {
    repositories,
    transaction: (work, options) => (client as unknown as RunsTransactions<TransactionOf<TClient>>).$transaction((tx) => work(bind(tx)), options),
  };
}
