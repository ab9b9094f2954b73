// BoundedMap: at most `max` entries, the least recently written one dropped first, and the
// `evicted` flag set from the first drop until clear().
import { describe, expect, it } from "vitest";
import { BoundedMap } from "./boundedMap.js";

describe("BoundedMap", () => {
  it("drops the least recently written entry past its bound and says it did", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    map.set("a", 3);
    expect(map.evicted).toBe(false);
    map.set("c", 4);
    expect(map.evicted).toBe(true);
    expect(map.has("b")).toBe(false);
    expect([map.get("a"), map.get("c")]).toEqual([3, 4]);
    map.clear();
    expect(map.evicted).toBe(false);
    expect(map.has("a")).toBe(false);
  });
});
