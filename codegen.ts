import type { CodegenConfig } from "@graphql-codegen/cli";

// The typed client SDK: TypeScript types for the API schema and a TypedDocumentNode for every
// contract operation, so partners get compile-time checked queries, variables and results.
const config: CodegenConfig = {
  schema: "schema/api.graphql",
  documents: "schema/operations/*.graphql",
  generates: {
    "sdk/src/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        scalars: { DateTime: "string", Decimal: "string", JSON: "Record<string, unknown>" },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        useTypeImports: true,
      },
    },
  },
};

// graphql-codegen reads the default export.
export default config;
