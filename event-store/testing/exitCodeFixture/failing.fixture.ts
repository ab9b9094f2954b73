// A test that always fails: vitestExitCode.spec.ts checks the run that holds it exits with 1.
import { expect, it } from "vitest";

it("fails on purpose", () => {
  expect(1).toBe(2);
});
