import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderSchemaReference, undocumentedCoordinates } from "../scripts/dist/schema-reference.js";
import { SCHEMA_DIR } from "../scripts/dist/supergraph.js";

const SDL = `
"The entry points."
type Query {
  "A resource by id."
  resource("Its id." id: ID!, at: String): Resource
}
type Resource {
  "Its id."
  id: ID!
  name: String!
  status: Status!
}
"Whether it can be booked."
enum Status {
  "Bookable."
  ACTIVE
  INACTIVE
}
`;

describe("the schema reference", () => {
  it("has every type, field, argument and enum value of the API schema described (add a description: option where this names one)", async () => {
    expect(undocumentedCoordinates(await readFile(path.join(SCHEMA_DIR, "api.graphql"), "utf8"))).toEqual([]);
  });

  it("names every undocumented type, field, argument and enum value (root types need none)", () => {
    expect(undocumentedCoordinates(SDL)).toEqual(["Query.resource(at:)", "Resource", "Resource.name", "Resource.status", "Status.INACTIVE"]);
  });

  it("renders types, fields and arguments with their descriptions, in Markdown and HTML", () => {
    const { "reference.md": markdown, "reference.html": html } = renderSchemaReference(SDL);
    expect(markdown).toContain("| `resource` | `Resource` | A resource by id.<br>`id: ID!`: Its id.<br>`at: String`:  |");
    expect(markdown).toContain("| `ACTIVE` | Bookable. |");
    expect(html).toContain('<dt><code>resource: <a href="#resource">Resource</a></code></dt><dd>A resource by id.<ul><li><code>id: ID!</code> Its id.</li>');
  });
});
