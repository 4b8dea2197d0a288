import { badInput, loaderByParentAndArgs, normaliseId } from "@booking/common";
import { AVAILABILITY_LIMITS, type PriceUnit } from "@booking/contracts";
import DataLoader from "dataloader";
import type { ResourceCatalog } from "../catalog/resource-catalog.js";
import type { Occupancy } from "../booking/booking-changes.repository.js";
import type { BookingsRepositories } from "../repositories.js";
import type { BlockedRange } from "../resource-block/resource-block.repository.js";
import { availabilityWindows, type Window } from "../schedule/availability-windows.js";

/** The longest range one availability query may span, and the most windows it may answer. */
export const MAX_AVAILABILITY_DAYS = AVAILABILITY_LIMITS.maxDays;
const MAX_WINDOWS = AVAILABILITY_LIMITS.maxWindows;

const DAY_MS = 24 * 3600_000;

/**
 * Resource.availability, public for bookable resources: what a customer could book inside
 * [from, to), from now on. A resource that is not bookable (or unknown) has no windows.
 */
export class AvailabilityService {
  private readonly factsOf;
  private readonly occupanciesOf;
  private readonly blocksOf;

  constructor(
    private readonly catalog: ResourceCatalog,
    { changes, blocks }: Pick<BookingsRepositories, "changes" | "blocks">,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Every resource this request shows: one signed call to resources (per 100).
    this.factsOf = new DataLoader(async (ids: readonly string[]) => {
      const byId = new Map((await this.catalog.factsOfMany(ids)).map((facts) => [facts.resource.id, facts]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    // Every resource asked about with the same range shares one query for bookings and one for blocks.
    this.occupanciesOf = loaderByParentAndArgs((resourceIds: string[], range: { from: string; to: string }) =>
      changes.occupanciesOf(resourceIds, new Date(range.from), new Date(range.to)).then((rows) => groupByResource<Occupancy>(resourceIds, rows)),
    );
    this.blocksOf = loaderByParentAndArgs((resourceIds: string[], range: { from: string; to: string }) =>
      blocks.overlappingOf(resourceIds, new Date(range.from), new Date(range.to)).then((rows) => groupByResource<BlockedRange>(resourceIds, rows)),
    );
  }

  async windows(resourceId: string, from: Date, to: Date): Promise<Window[]> {
    if (to.getTime() <= from.getTime()) throw badInput("to", "to must be after from");
    if (to.getTime() - from.getTime() > MAX_AVAILABILITY_DAYS * DAY_MS) throw badInput("to", `An availability range spans at most ${MAX_AVAILABILITY_DAYS} days`);
    const id = normaliseId(resourceId);
    if (!id) return [];
    const start = new Date(Math.max(from.getTime(), this.now().getTime()));
    if (start.getTime() >= to.getTime()) return [];
    const facts = await this.factsOf.load(id);
    if (!facts || facts.resource.status !== "ACTIVE" || facts.business.status !== "ACTIVE") return [];
    const range = { from: start.toISOString(), to: to.toISOString() };
    const [blocks, occupancies] = await Promise.all([this.blocksOf.load({ parentId: id, args: range }), this.occupanciesOf.load({ parentId: id, args: range })]);
    const windows = availabilityWindows({
      schedule: { priceUnit: facts.resource.priceUnit as PriceUnit, slotMinutes: facts.resource.slotMinutes, openingHours: facts.resource.openingHours, timezone: facts.business.timezone },
      capacity: facts.resource.capacity,
      from: start.getTime(),
      to: to.getTime(),
      occupancies: occupancies.map((occupancy) => ({ start: occupancy.startTime.getTime(), end: occupancy.endTime.getTime(), quantity: occupancy.quantity })),
      blocks: blocks.map((block) => ({ start: block.startTime.getTime(), end: block.endTime.getTime() })),
    });
    if (windows.length > MAX_WINDOWS) throw badInput("to", `The answer would hold ${windows.length} windows, more than the ${MAX_WINDOWS} one availability field may: ask for a shorter range`);
    return windows;
  }
}

function groupByResource<Row extends { resourceId: string }>(resourceIds: readonly string[], rows: readonly Row[]): Map<string, Row[]> {
  const byResource = new Map<string, Row[]>(resourceIds.map((id) => [id, []]));
  for (const row of rows) byResource.get(row.resourceId)?.push(row);
  return byResource;
}
