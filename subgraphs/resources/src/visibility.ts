import { ResourceStatus } from "@booking/contracts";
import { Role, isId, type Viewer } from "@booking/common";

/**
 * What a viewer may see of businesses' resources and categories, decided here once. Lists
 * cannot be filtered after the fact, so repositories turn this into SQL.
 */
export interface Visibility {
  /** admins see everything */
  everything: boolean;
  /** a business's owner sees all of it, whatever its status or its resources' */
  ownerId: string | null;
  /** everyone sees businesses in this status (their categories)... */
  publicBusinessStatus: "ACTIVE";
  /** ...and those businesses' resources in this status */
  publicResourceStatus: ResourceStatus;
}

export function visibilityFor(viewer: Viewer | null): Visibility {
  return {
    everything: viewer?.role === Role.ADMIN,
    // the router vouches for the viewer, but an id that is not a UUID cannot own anything here
    ownerId: viewer && isId(viewer.userId) ? viewer.userId : null,
    publicBusinessStatus: "ACTIVE",
    publicResourceStatus: ResourceStatus.ACTIVE,
  };
}
