// What the services agree on: internal endpoints' paths and shapes, shared GraphQL enums and
// the demo data set's fixed ids. Mechanisms (signing, servers, errors) live in @booking/common.
// The enums register with type-graphql, so the metadata polyfill must load first.
import "reflect-metadata";
export * from "./bookings-internal.js";
export * from "./catalog.js";
export * from "./demo.js";
export * from "./enums.js";
export * from "./identity.js";
export * from "./payments-internal.js";
export * from "./services.js";
export * from "./events.js";
