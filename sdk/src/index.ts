// The partner SDK: every contract operation as a TypedDocumentNode, with its variables and
// result types, generated from schema/api.graphql by `npm run codegen`.
export * from "./generated/graphql.js";
