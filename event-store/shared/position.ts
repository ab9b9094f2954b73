// Position strings shared by the adapters: numbers zero-padded to a fixed width so that
// plain string comparison (`<`, `>`) follows the global order, and a pair form
// "<major>-<minor>" for stores whose order key has two parts (xid + sequence, commit + prepare).
import { EventStoreError } from "../errors.js";

/** Digits of a padded position part: enough for any unsigned 64-bit value. */
export const POSITION_DIGITS = 20;
const MAX_UINT64 = 2n ** 64n - 1n;
const PAIR_PATTERN = /^(\d{20})-(\d{20})$/;
const SINGLE_PATTERN = /^\d{20}$/;

/** Pads a non-negative 64-bit integer to POSITION_DIGITS digits. */
export function padPositionPart(value: bigint): string {
  if (value < 0n || value > MAX_UINT64) {
    throw new EventStoreError("invalid_position", `position part out of range: ${value}`);
  }
  return value.toString().padStart(POSITION_DIGITS, "0");
}

export function encodePositionPair(major: bigint, minor: bigint): string {
  return `${padPositionPart(major)}-${padPositionPart(minor)}`;
}

export function decodePositionPair(position: string): { major: bigint; minor: bigint } {
  const match = PAIR_PATTERN.exec(position);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new EventStoreError("invalid_position", `not a position of this store: "${position}"`);
  }
  return { major: BigInt(match[1]), minor: BigInt(match[2]) };
}

export function decodeSinglePosition(position: string): bigint {
  if (!SINGLE_PATTERN.test(position)) {
    throw new EventStoreError("invalid_position", `not a position of this store: "${position}"`);
  }
  return BigInt(position);
}
