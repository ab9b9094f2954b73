// Invariant assertions (TIGER_STYLE): a broken invariant is a bug, never a user error, so it
// throws InvariantViolation, which callers must let crash the writer rather than catch.

export class InvariantViolation extends Error {
  readonly code = "invariant_violation";
  constructor(message: string) {
    super(message);
    this.name = "InvariantViolation";
  }
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}
