import { PriceUnit } from "@booking/contracts";
import { openStretches, slotsBetween, type Interval } from "./opening-hours.js";
import type { ResourceSchedule } from "./booking-times.js";

/** Units a live booking takes over [start, end). */
export interface Occupancy extends Interval {
  quantity: number;
}

export interface Window extends Interval {
  /** units free for the whole window */
  available: number;
}

export interface AvailabilityRequest {
  schedule: ResourceSchedule;
  capacity: number;
  from: number;
  to: number;
  /** live bookings (HOLD within its time, CONFIRMED) meeting [from, to) */
  occupancies: readonly Occupancy[];
  /** blocks meeting [from, to): nothing is free during them */
  blocks: readonly Interval[];
}

/**
 * What a customer could book inside [from, to): for SLOT resources one window per slot of the
 * grid (the units free for the whole slot); otherwise the maximal windows of constant free
 * units, clipped to the open stretches for HOUR resources (the only other unit opening hours
 * bind). Windows with nothing free are included, so the windows cover all bookable time.
 */
export function availabilityWindows(request: AvailabilityRequest): Window[] {
  const { schedule, from, to } = request;
  const segments = freeSegments(request);
  if (schedule.priceUnit === PriceUnit.SLOT) {
    const slots = slotsBetween(schedule.openingHours, schedule.timezone, schedule.slotMinutes!, from, to).filter((slot) => slot.start >= from && slot.end <= to);
    return slots.map((slot) => ({ ...slot, available: leastFreeDuring(segments, slot) }));
  }
  const open = schedule.priceUnit === PriceUnit.HOUR ? openStretches(schedule.openingHours, schedule.timezone, from, to) : [{ start: from, end: to }];
  const windows: Window[] = [];
  for (const stretch of open) {
    for (const segment of segments) {
      const start = Math.max(segment.start, stretch.start);
      const end = Math.min(segment.end, stretch.end);
      if (end <= start) continue;
      const previous = windows.at(-1);
      if (previous && previous.end === start && previous.available === segment.available) previous.end = end;
      else windows.push({ start, end, available: segment.available });
    }
  }
  return windows;
}

/**
 * [from, to) cut where the free units change, each piece with its free units (capacity minus
 * the overlapping bookings' quantities, 0 under a block), neighbours with equal values joined.
 */
export function freeSegments(request: Pick<AvailabilityRequest, "capacity" | "from" | "to" | "occupancies" | "blocks">): Window[] {
  const { capacity, from, to } = request;
  const changes = new Map<number, { used: number; blocks: number }>();
  const at = (instant: number) => {
    const change = changes.get(instant) ?? { used: 0, blocks: 0 };
    changes.set(instant, change);
    return change;
  };
  const meets = (interval: Interval) => interval.start < to && interval.end > from;
  for (const occupancy of request.occupancies.filter(meets)) {
    at(Math.max(occupancy.start, from)).used += occupancy.quantity;
    at(Math.min(occupancy.end, to)).used -= occupancy.quantity;
  }
  for (const block of request.blocks.filter(meets)) {
    at(Math.max(block.start, from)).blocks += 1;
    at(Math.min(block.end, to)).blocks -= 1;
  }
  at(from);
  at(to);
  const instants = [...changes.keys()].sort((a, b) => a - b);
  const segments: Window[] = [];
  let used = 0;
  let blocks = 0;
  for (let index = 0; index < instants.length - 1; index += 1) {
    const change = changes.get(instants[index]!)!;
    used += change.used;
    blocks += change.blocks;
    const start = instants[index]!;
    const end = instants[index + 1]!;
    const available = blocks > 0 ? 0 : Math.max(0, capacity - used);
    const previous = segments.at(-1);
    if (previous && previous.available === available) previous.end = end;
    else segments.push({ start, end, available });
  }
  return segments;
}

function leastFreeDuring(segments: readonly Window[], slot: Interval): number {
  let least = Number.POSITIVE_INFINITY;
  for (const segment of segments) if (segment.start < slot.end && segment.end > slot.start) least = Math.min(least, segment.available);
  return Number.isFinite(least) ? least : 0;
}
