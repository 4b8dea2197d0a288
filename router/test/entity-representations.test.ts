import { describe, expect, it } from "vitest";
import { collapseRepresentations } from "../src/entity-representations.js";

const user = (id: string) => ({ __typename: "User", id });

describe("collapseRepresentations", () => {
  it("sends each distinct representation once, in the order first met", () => {
    const collapsed = collapseRepresentations([user("a"), user("b"), user("a"), user("a"), user("c"), user("b")]);
    expect(collapsed?.distinct).toEqual([user("a"), user("b"), user("c")]);
  });

  it("leaves fetches with nothing to collapse alone", () => {
    expect(collapseRepresentations([user("a"), user("b")])).toBeNull();
    expect(collapseRepresentations([user("a")])).toBeNull();
    expect(collapseRepresentations(undefined)).toBeNull();
  });

  it("fans the answer back out to every original position, in the original order", () => {
    const collapsed = collapseRepresentations([user("a"), user("b"), user("a"), user("c"), user("b")])!;
    const expanded = collapsed.expand({ data: { _entities: [{ name: "A" }, { name: "B" }, { name: "C" }] } });
    expect(expanded.data?._entities).toEqual([{ name: "A" }, { name: "B" }, { name: "A" }, { name: "C" }, { name: "B" }]);
  });

  it("puts an error at one distinct entity on every position that asked for it, and leaves other errors as they are", () => {
    const collapsed = collapseRepresentations([user("a"), user("b"), user("a"), user("c"), user("b")])!;
    const expanded = collapsed.expand({
      data: { _entities: [{ name: "A" }, null, { name: null }] },
      errors: [
        { message: "hidden", path: ["_entities", 1], extensions: { code: "FORBIDDEN" } },
        { message: "no name", path: ["_entities", 2, "name"] },
        { message: "whole fetch" },
      ],
    });
    expect(expanded.data?._entities).toEqual([{ name: "A" }, null, { name: "A" }, { name: null }, null]);
    expect(expanded.errors).toEqual([
      { message: "hidden", path: ["_entities", 1], extensions: { code: "FORBIDDEN" } },
      { message: "hidden", path: ["_entities", 4], extensions: { code: "FORBIDDEN" } },
      { message: "no name", path: ["_entities", 3, "name"] },
      { message: "whole fetch" },
    ]);
  });

  it("hands a failed fetch (no data, or a count that does not match) back unchanged for the gateway to report", () => {
    const collapsed = collapseRepresentations([user("a"), user("a")])!;
    expect(collapsed.expand({ data: null, errors: [{ message: "down" }] })).toEqual({ data: null, errors: [{ message: "down" }] });
    expect(collapsed.expand({ data: { _entities: [] } }).data?._entities).toEqual([]);
  });
});
