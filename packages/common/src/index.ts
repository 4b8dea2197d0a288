// Decorated classes (Money, PageInfo) live here, so the metadata polyfill must load first.
import "reflect-metadata";
export * from "./auth.js";
export * from "./config.js";
export * from "./database.js";
export * from "./context.js";
export * from "./enums.js";
export * from "./errors.js";
export * from "./federation.js";
export * from "./ids.js";
export * from "./internal.js";
export * from "./loaders.js";
export * from "./migrate.js";
export * from "./money.js";
export * from "./pagination.js";
export * from "./scalars.js";
export * from "./server.js";
export * from "./subgraph.js";
export * from "./trust.js";
