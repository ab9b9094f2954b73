// Bulk inserts for projections: COPY ... FROM STDIN in PostgreSQL's text format, through
// pg-copy-streams. Measured on the reference machine, COPY took 8.4 µs per history row where a
// multi-row INSERT ... SELECT FROM unnest(...) took 12.3 µs (benchmarks/README.md): the server
// parses one line per row instead of one array per column, and no statement is planned.
// Callers build each line (values joined by tabs, ending in a newline); numbers and booleans
// go in as they print, text through copyText. Rows that do not suit COPY go in multi-row
// statements (INSERT ... SELECT FROM unnest of one array per column), in `chunks`.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** Rows per multi-row statement (the length of each array passed to unnest). */
export const MAX_ROWS_PER_STATEMENT = 5_000;

/** `rows` in pieces of at most `size` rows: one multi-row statement each. */
export function chunks<T>(rows: readonly T[], size = MAX_ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** SQL NULL in a COPY line. */
export const COPY_NULL = "\\N";

/** A text value in COPY text format: backslash, tab, newline and CR escaped. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value
        .replaceAll("\\", "\\\\")
        .replaceAll("\t", "\\t")
        .replaceAll("\n", "\\n")
        .replaceAll("\r", "\\r")
    : value;
}

/** A boolean in COPY text format. */
export const copyBoolean = (value: boolean): string => (value ? "t" : "f");

/** Rows are sent to the server in pieces of about this many characters. */
const PIECE_CHARS = 1 << 20;

function* pieces(lines: Iterable<string>): Generator<string> {
  let piece = "";
  for (const line of lines) {
    piece += line;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = "";
    }
  }
  if (piece !== "") yield piece;
}

/** COPYs `lines` (each a row of `columns` in COPY text format) into `table`. */
export async function copyLines(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(pieces(lines)), sink);
}
