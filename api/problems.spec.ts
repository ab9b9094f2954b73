// The API's one mapping of ledger rejection codes to HTTP statuses agrees with the table in
// docs/errors.md, code by code, so the documentation cannot drift from what clients get.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRejectionCode, rejectionCodes, WriterError } from "../ledger-core/index.js";
import { httpStatusOfRejection, toProblem } from "./problems.js";

const doc = readFileSync(join(import.meta.dirname, "..", "docs", "errors.md"), "utf8");
const documented = new Map(
  [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((match) => [
    match[1] ?? "",
    Number(match[2]),
  ]),
);

describe("HTTP statuses of rejection codes", () => {
  it("documents a status for every code", () => {
    expect(rejectionCodes.filter((code) => !documented.has(code))).toEqual([]);
  });

  it("answers each code with the status docs/errors.md gives it", () => {
    const disagreements = [...documented]
      .filter(([code, status]) => isRejectionCode(code) && httpStatusOfRejection(code) !== status)
      .map(([code, status]) => `${code}: documented ${status}`);
    expect(disagreements).toEqual([]);
  });
});

describe("problems of failures that are not ledger rejections", () => {
  const request = { log: { warn: () => undefined, error: () => undefined } } as never;

  it("answers the writer's refusals of one command with their own codes, never a retryable 503", () => {
    expect(toProblem(new WriterError("event_invalid", "bad actor"), request)).toMatchObject({
      status: 422,
      code: "event_invalid",
    });
    expect(toProblem(new WriterError("command_too_large", "too big"), request)).toMatchObject({
      status: 413,
      code: "command_too_large",
    });
    expect(toProblem(new WriterError("overloaded", "full"), request)).toMatchObject({
      status: 503,
      code: "overloaded",
    });
    expect(toProblem(new WriterError("forward_too_large", "big"), request)).toMatchObject({
      status: 413,
      code: "forward_too_large",
    });
    const retryable = [
      "not_owner",
      "lease_lost",
      "forward_timeout",
      "forward_failed",
      "forward_owner_lost",
    ] as const;
    for (const code of retryable) {
      expect(toProblem(new WriterError(code, "elsewhere"), request)).toMatchObject({
        status: 503,
        code,
      });
    }
  });

  it("answers a busy or unreachable database with 503 unavailable, not 500", () => {
    const errors = [
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      new Error("timeout exceeded when trying to connect"),
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    ];
    for (const error of errors) {
      expect(toProblem(error, request), error.message).toMatchObject({
        status: 503,
        code: "unavailable",
      });
    }
    expect(toProblem(new Error("a bug"), request)).toMatchObject({ status: 500 });
  });
});
