import { Role, isId, loaderByKey, loaderOfMany, notFound, unauthenticated, wellFormedIds, type Viewer } from "@booking/common";
import type { PaymentRepository, PaymentRow } from "./payment.repository.js";

type Parties = Pick<PaymentRow, "customerId" | "businessOwnerId">;

/** The rules about payments, for one request (its viewer and its loaders). */
export class PaymentService {
  private readonly byId;
  private readonly byBooking;

  constructor(
    private readonly payments: PaymentRepository,
    private readonly viewer: Viewer | null,
  ) {
    this.byId = loaderByKey((ids: readonly string[]) => this.payments.findByIds(wellFormedIds(ids)), (row) => row.id);
    this.byBooking = loaderOfMany((ids: readonly string[]) => this.payments.findByBookingIds(wellFormedIds(ids)), (row: PaymentRow) => row.bookingId);
  }

  /** Query.payment: strangers learn nothing, not even that the payment exists. */
  async payment(id: string): Promise<PaymentRow> {
    if (!this.viewer) throw unauthenticated();
    const row = isId(id) ? await this.byId.load(id.toLowerCase()) : null;
    if (!row || !this.canSee(row)) throw notFound("Payment");
    return row;
  }

  /** A payment another subgraph points at; null when unknown or hidden from the viewer. */
  async byReference(id: string): Promise<PaymentRow | null> {
    const row = isId(id) ? await this.byId.load(id.toLowerCase()) : null;
    return row && this.canSee(row) ? row : null;
  }

  /** Booking.payments: the booking's payments the viewer may see, oldest first. */
  async ofBooking(bookingId: string): Promise<PaymentRow[]> {
    if (!isId(bookingId)) return [];
    const rows = await this.byBooking.load(bookingId.toLowerCase());
    for (const row of rows) this.byId.prime(row.id, row);
    return rows.filter((row) => this.canSee(row));
  }

  /** Booking.payment: the latest of them. */
  async latestOfBooking(bookingId: string): Promise<PaymentRow | null> {
    return (await this.ofBooking(bookingId)).at(-1) ?? null;
  }

  /** The payment a refund belongs to; the refund was reached through it, so it is visible. */
  async ofRefund(refund: { paymentId: string }): Promise<PaymentRow | null> {
    return this.byId.load(refund.paymentId);
  }

  /** The client secret completes a payment: only the customer paying gets it. */
  clientSecret(payment: PaymentRow): string | null {
    return this.isPayer(payment) ? payment.clientSecret : null;
  }

  /** Who may see a payment: the paying customer, the owner of the business paid, admins. */
  canSee(payment: Parties): boolean {
    return this.isPayer(payment) || this.canSeeLedger(payment);
  }

  /** The money's movements are the business's books: its owner and admins. */
  canSeeLedger(payment: Parties): boolean {
    return this.viewer !== null && (this.viewer.role === Role.ADMIN || this.viewer.userId === payment.businessOwnerId);
  }

  private isPayer(payment: Parties): boolean {
    return this.viewer !== null && this.viewer.userId === payment.customerId;
  }
}
