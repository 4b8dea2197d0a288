import {
  Role,
  badInput,
  forbidden,
  isId,
  loaderByKey,
  loaderByParentAndArgs,
  loaderOfMany,
  notFound,
  pageRequest,
  toConnection,
  unauthenticated,
  wellFormedIds,
  type Connection,
  type PageRequest,
  type Viewer,
} from "@booking/common";
import type { BookingListFilter, BookingPage, BookingParent, BookingRepository, BookingRow, BookingStatusChangeRow } from "./booking.repository.js";

/** The arguments every booking list takes. */
export interface BookingListArgs extends BookingListFilter {
  first?: number | null;
  after?: string | null;
}

type OwnedParent = Exclude<BookingParent, "customer">;

/** The rules about bookings, for one request (its viewer and its loaders). */
export class BookingService {
  private readonly byId;
  private readonly historyOf;
  private readonly pagesOf: Record<BookingParent, ReturnType<BookingService["pageLoader"]>>;
  private readonly ownerOf: Record<OwnedParent, ReturnType<BookingService["ownerLoader"]>>;

  constructor(
    private readonly bookings: BookingRepository,
    private readonly viewer: Viewer | null,
  ) {
    this.byId = loaderByKey((ids: readonly string[]) => this.bookings.findByIds(wellFormedIds(ids)), (row) => row.id);
    this.historyOf = loaderOfMany((ids: readonly string[]) => this.bookings.statusChangesOf(wellFormedIds(ids)), (row: BookingStatusChangeRow) => row.bookingId);
    this.pagesOf = { customer: this.pageLoader("customer"), business: this.pageLoader("business"), resource: this.pageLoader("resource") };
    this.ownerOf = { business: this.ownerLoader("business"), resource: this.ownerLoader("resource") };
  }

  /** Query.booking: strangers learn nothing, not even that the booking exists. */
  async booking(id: string): Promise<BookingRow> {
    const viewer = this.requireViewer();
    const row = isId(id) ? await this.byId.load(id.toLowerCase()) : null;
    if (!row || !this.canSee(row, viewer)) throw notFound("Booking");
    return row;
  }

  /** A booking another subgraph points at; null when unknown or hidden from the viewer. */
  async byReference(id: string): Promise<BookingRow | null> {
    if (!this.viewer || !isId(id)) return null;
    const row = await this.byId.load(id.toLowerCase());
    return row && this.canSee(row, this.viewer) ? row : null;
  }

  history(booking: Pick<BookingRow, "id">): Promise<BookingStatusChangeRow[]> {
    return this.historyOf.load(booking.id);
  }

  /** User.bookings: the user themself and admins. */
  async bookingsOfCustomer(customerId: string, args: BookingListArgs): Promise<Connection<BookingRow>> {
    const viewer = this.requireViewer();
    if (viewer.role !== Role.ADMIN && viewer.userId !== customerId.toLowerCase()) {
      throw forbidden("Only the customer and admins can see a customer's bookings");
    }
    return this.list("customer", customerId, args);
  }

  /** Business.bookings: the business owner and admins. */
  async bookingsOfBusiness(businessId: string, args: BookingListArgs): Promise<Connection<BookingRow>> {
    await this.assertOwnerOrAdmin("business", businessId);
    return this.list("business", businessId, args);
  }

  /** Resource.bookings: the owner of the resource's business and admins. */
  async bookingsOfResource(resourceId: string, args: BookingListArgs): Promise<Connection<BookingRow>> {
    await this.assertOwnerOrAdmin("resource", resourceId);
    return this.list("resource", resourceId, args);
  }

  /** Who may see a booking: its customer, the owner of its business, admins. */
  canSee(booking: Pick<BookingRow, "customerId" | "businessOwnerId">, viewer: Viewer | null = this.viewer): boolean {
    if (!viewer) return false;
    return viewer.role === Role.ADMIN || viewer.userId === booking.customerId || viewer.userId === booking.businessOwnerId;
  }

  private async list(parent: BookingParent, parentId: string, args: BookingListArgs): Promise<Connection<BookingRow>> {
    const page = pageRequest(args.first, args.after);
    if (args.from && args.to && args.from.getTime() >= args.to.getTime()) throw badInput("to", "to must be after from");
    const filter: BookingListFilter = { status: args.status ?? null, from: args.from ?? null, to: args.to ?? null };
    const { rows, totalCount } = await this.pagesOf[parent].load({ parentId: parentId.toLowerCase(), args: { filter, page } });
    for (const row of rows) this.byId.prime(row.id, row);
    return toConnection(rows, page, totalCount);
  }

  /**
   * Only vendors own businesses. The owner is the one recorded on the parent's bookings
   * (copied from the business when each was made); a parent with no bookings has none to
   * hide, so any vendor gets its empty list.
   */
  private async assertOwnerOrAdmin(parent: OwnedParent, parentId: string): Promise<void> {
    const viewer = this.requireViewer();
    if (viewer.role === Role.ADMIN) return;
    const owner = viewer.role === Role.VENDOR ? await this.ownerOf[parent].load(parentId.toLowerCase()) : undefined;
    if (owner === undefined || (owner !== null && owner.ownerId !== viewer.userId)) {
      throw forbidden(`Only the business owner and admins can see a ${parent}'s bookings`);
    }
  }

  private requireViewer(): Viewer {
    if (!this.viewer) throw unauthenticated();
    return this.viewer;
  }

  /** Batches one list over many parents (`_entities` of N businesses) into one query. */
  private pageLoader(parent: BookingParent) {
    return loaderByParentAndArgs(async (parentIds: string[], args: { filter: BookingListFilter; page: PageRequest }) => {
      const pages = await this.bookings.pagesByParent(parent, wellFormedIds(parentIds), args.filter, args.page);
      const empty: BookingPage = { rows: [], totalCount: 0 };
      return new Map(parentIds.map((parentId) => [parentId, pages.get(parentId) ?? empty]));
    });
  }

  private ownerLoader(parent: OwnedParent) {
    return loaderByKey((parentIds: readonly string[]) => this.bookings.latestOwners(parent, wellFormedIds(parentIds)), (row) => row.parentId);
  }
}
