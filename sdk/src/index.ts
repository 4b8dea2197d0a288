// The partner SDK: every contract operation as a TypedDocumentNode with its variables and
// result types (generated from schema/api.graphql by `npm run codegen`), and a small client.
export * from "./generated/graphql.js";
export { OPERATION_IDS } from "./generated/operation-ids.js";
export { BookingClient, createBookingClient, type BookingClientOptions, type Session } from "./client.js";
export { BookingError, ERROR_CODES, isBookingError, type BookingErrorCode } from "./errors.js";
