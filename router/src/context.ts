import type { Viewer } from "@booking/common";

/** Per-request state of the router: who is calling, as verified here. */
export interface RouterContext {
  viewer: Viewer | null;
  clientIp: string | null;
}
