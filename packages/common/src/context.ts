import type { Role } from "./enums.js";

/** Who is calling, as the router verified it; null for anonymous callers. */
export interface Viewer {
  userId: string;
  role: Role;
}

export interface RequestContext {
  viewer: Viewer | null;
}
