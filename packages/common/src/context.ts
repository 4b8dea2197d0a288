import type { Role } from "./role.js";

/** Who is calling, as the router verified it; null for anonymous callers. */
export interface Viewer {
  userId: string;
  role: Role;
}

/** What the router vouches for about a request: the viewer and the client's address. */
export interface Caller {
  viewer: Viewer | null;
  /** The client's IP as the router saw it; rate limits key on it. */
  clientIp: string | null;
}

export interface RequestContext {
  viewer: Viewer | null;
}
