import { composeServices } from "@apollo/composition";
import { Supergraph } from "@apollo/federation-internals";
import { parse, printSchema } from "graphql";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SUBGRAPH_NAMES, subgraphPort } from "@booking/contracts";
import { renderSchemaReference } from "./schema-reference.js";
import { SUBGRAPHS } from "./subgraphs.js";

export const SCHEMA_DIR = fileURLToPath(new URL("../../schema", import.meta.url));

export interface ComposedSchemas {
  /** file path (relative to schema/) to its content */
  files: Record<string, string>;
  hints: string[];
}

/**
 * Prints each subgraph's SDL from its code, composes them with @apollo/composition (what
 * Rover would do) and derives the client-facing API schema the gateway serves, and the
 * partners' reference generated from its descriptions.
 */
export async function composeSchemas(): Promise<ComposedSchemas> {
  const services = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({
      name,
      // The router overrides these with its configuration; they only document the defaults.
      url: `http://localhost:${subgraphPort(name)}/graphql`,
      sdl: (await SUBGRAPHS[name].buildSchema()).sdl,
    })),
  );
  const result = composeServices(services.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join("\n")}`);
  }
  const apiSchema = Supergraph.build(result.supergraphSdl).apiSchema().toGraphQLJSSchema();
  const files: Record<string, string> = {
    "supergraph.graphql": `${result.supergraphSdl.trimEnd()}\n`,
    "api.graphql": `${printSchema(apiSchema).trimEnd()}\n`,
  };
  Object.assign(files, renderSchemaReference(files["api.graphql"]!));
  for (const { name, sdl } of services) files[path.join("subgraphs", `${name}.graphql`)] = `${sdl.trimEnd()}\n`;
  return { files, hints: result.hints.map((hint) => hint.toString()) };
}
