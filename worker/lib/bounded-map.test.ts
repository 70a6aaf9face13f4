import { describe, expect, it } from "vitest";
import { BoundedMap } from "./bounded-map";

describe("BoundedMap", () => {
  it("keeps up to its bound, and a new entry past it starts the map over", () => {
    const remembered = new BoundedMap<string, number>(2);
    remembered.set("a", 1).set("b", 2);
    expect([...remembered]).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    remembered.set("c", 3);
    expect([...remembered]).toEqual([["c", 3]]);
  });

  it("updates an entry it holds without forgetting the others, full or not", () => {
    const remembered = new BoundedMap<string, number>(2);
    remembered.set("a", 1).set("b", 2).set("a", 10);
    expect([...remembered]).toEqual([
      ["a", 10],
      ["b", 2],
    ]);
  });
});
