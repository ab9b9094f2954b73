// The transient-fault classifier every retrying loop shares: database restarts, lost
// connections, busy servers and unavailable EventStoreDB nodes are transient, found also when
// wrapped; constraint violations, bad SQL and Folio's own refusals are not. And the backoff
// stays within its jittered, capped bounds for any attempt.
import fc from "fast-check";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { EventStoreError } from "../errors.js";
import { backoffDelayMs, isConnectionLost, isTransientError } from "./transientErrors.js";

function databaseError(code: string, message = "database error"): pg.DatabaseError {
  const error = new pg.DatabaseError(message, 0, "error");
  error.code = code;
  return error;
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe("isTransientError", () => {
  it.each([
    ["admin shutdown (restart -m fast)", databaseError("57P01")],
    ["the database system is shutting down", databaseError("57P03")],
    ["too many connections", databaseError("53300")],
    ["connection failure", databaseError("08006")],
    ["serialization failure", databaseError("40001")],
    ["deadlock", databaseError("40P01")],
    ["statement timeout", databaseError("57014")],
    ["connection refused", systemError("ECONNREFUSED")],
    ["connection reset", systemError("ECONNRESET")],
    ["pool connect timeout", new Error("timeout exceeded when trying to connect")],
    ["connection terminated", new Error("Connection terminated unexpectedly")],
    ["EventStoreDB unavailable", Object.assign(new Error("unavailable"), { type: "unavailable" })],
    ["EventStoreDB not leader", Object.assign(new Error("not leader"), { type: "not-leader" })],
    ["store unavailable", new EventStoreError("event_store_unavailable", "down")],
    ["wrapped", new Error("writer failed", { cause: systemError("ECONNRESET") })],
  ])("%s is transient", (_, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ["unique violation", databaseError("23505")],
    ["check violation", databaseError("23514")],
    ["syntax error", databaseError("42601")],
    ["undefined table", databaseError("42P01")],
    ["database dropped", databaseError("57P04")],
    ["a file that is not there", systemError("ENOENT")],
    ["Folio's own refusal", new EventStoreError("invalid_argument", "bad")],
    ["a plain bug", new TypeError("x is undefined")],
    ["not an error", "connection terminated"],
    ["nothing", undefined],
  ])("%s is not transient", (_, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});

describe("backoffDelayMs", () => {
  it("stays in [c/2, c) with c = min(cap, base * 2^attempt), for any attempt", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        (attempt, base, cap) => {
          const ceiling = Math.min(cap, base * 2 ** Math.min(Math.max(attempt, 0), 30));
          const delay = backoffDelayMs(attempt, base, cap);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(delay).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });
});

describe("isConnectionLost", () => {
  const withCode = (code: string, message = "failed") =>
    Object.assign(new Error(message), { code }) as Error;

  it("says a connection is gone for socket errors, connection exceptions and ended sessions", () => {
    for (const code of ["EPIPE", "ECONNRESET", "08006", "08003", "57P01", "57P02", "57P05"]) {
      expect(isConnectionLost(withCode(code)), code).toBe(true);
    }
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("keeps the session for a statement refused on it, and for anything not an Error", () => {
    for (const code of ["40001", "40P01", "57014", "53200", "23505", "42P01"]) {
      expect(isConnectionLost(withCode(code)), code).toBe(false);
    }
    fc.assert(
      fc.property(fc.anything(), (value) => {
        if (!(value instanceof Error)) expect(isConnectionLost(value)).toBe(false);
      }),
    );
  });
});
