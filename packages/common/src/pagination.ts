import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { Directive } from "type-graphql";
import { badInput } from "./errors.js";
import { isId } from "./ids.js";

export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: "Where a page of a connection ends." })
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean, { description: "whether another page follows" })
  hasNextPage!: boolean;

  @Field(() => String, { description: "pass as `after` for the next page; null on an empty page", nullable: true })
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
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: "where this item is: pass as `after` for the items following it" })
    cursor!: string;

    @Field(nodeType, { description: "the item" })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of a ${name} list: its items, where it ends, and the size of the whole list.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "this page's items, in the list's order" })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: "where this page ends" })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "the number of items in the whole filtered list, not just this page" })
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
