import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { Directive } from "type-graphql";
import { badInput } from "./errors.js";
import { isId } from "./ids.js";

export const MAX_PAGE_SIZE = 100;

@ObjectType()
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** `XEdge` and `XConnection` object types for a node type, as the contract names them. */
export function connectionTypes<T extends object>(nodeType: () => ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  return { EdgeType, ConnectionType };
}

/** A position in a list ordered by (createdAt, id): the keyset every list here uses. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: Cursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, "utf8").toString("base64url");
}

export function decodeCursor(after: string | null | undefined): Cursor | null {
  if (after == null) return null;
  const [stamp, id, extra] = Buffer.from(after, "base64url").toString("utf8").split("|");
  const createdAt = new Date(stamp ?? "");
  if (extra !== undefined || !id || !isId(id) || Number.isNaN(createdAt.getTime())) {
    throw badInput("after", "after is not a cursor this list gave out");
  }
  return { createdAt, id };
}

export interface PageRequest {
  first: number;
  after: Cursor | null;
}

/** Validates `first` (1..100) and `after` the same way for every list. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput("first", `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { first: size, after: decodeCursor(after) };
}

/** Builds a connection from up to `first + 1` rows in keyset order (the extra row says there is more). */
export function toConnection<T extends Cursor>(rows: T[], page: PageRequest, totalCount: number): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** Prisma `where` for rows after a cursor in (createdAt, id) order. */
export function afterCursorWhere(after: Cursor | null) {
  if (!after) return {};
  return {
    OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
  };
}

export const KEYSET_ORDER = [{ createdAt: "asc" as const }, { id: "asc" as const }];
