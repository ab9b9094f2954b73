// Errors of the ISO 20022 layer: each names the element path (e.g.
// `/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt`) and the reason. A bad file is refused as a
// whole, so readers collect every error (up to a bound) instead of stopping at the first.

/** One problem found in a message, at an element path. */
export interface IsoIssue {
  readonly path: string;
  readonly reason: string;
}

/** The outcome of reading a message: its model, or every error found (bounded). */
export type IsoResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly IsoIssue[]; readonly truncated: boolean };

/** Errors kept per message; past it, `truncated` says more were found. */
export const MAX_ISSUES = 100;

/** Collects errors up to a bound while a reader walks the whole document. */
export class IssueCollector {
  readonly #issues: IsoIssue[] = [];
  #truncated = false;

  constructor(private readonly limit: number = MAX_ISSUES) {}

  add(path: string, reason: string): void {
    if (this.#issues.length >= this.limit) {
      this.#truncated = true;
      return;
    }
    this.#issues.push({ path, reason });
  }

  get count(): number {
    return this.#issues.length;
  }

  /** The value when nothing went wrong, else the errors. */
  result<T>(value: T): IsoResult<T> {
    if (this.#issues.length === 0) return { ok: true, value };
    return { ok: false, errors: [...this.#issues], truncated: this.#truncated };
  }

  failure<T>(): IsoResult<T> {
    return { ok: false, errors: [...this.#issues], truncated: this.#truncated };
  }
}

/** A single-error failure (a file refused before it could be walked). */
export function refused<T>(path: string, reason: string): IsoResult<T> {
  return { ok: false, errors: [{ path, reason }], truncated: false };
}
