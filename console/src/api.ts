// How the console calls Folio: the typed client (client/, generated from the OpenAPI
// document), answers unwrapped into data or a ConsoleError that carries the problem's code
// and message, and a hook that loads data for a page with loading, error and reload.
import { useCallback, useEffect, useState } from "preact/hooks";
import { isFolioProblem, type FolioClient } from "../../client/index.js";
import { useSession } from "./session";

/** What a page shows when a call fails: the API problem's code and message, as sent. */
export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ConsoleError";
  }
}

interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The data of a successful answer; a ConsoleError for a problem or an unreachable API. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    throw new ConsoleError(
      "network_error",
      `cannot reach Folio: ${error instanceof Error ? error.message : String(error)}`,
      0,
    );
  }
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  const body = answer.error;
  if (isFolioProblem(body)) throw new ConsoleError(body.code, body.detail, body.status);
  throw new ConsoleError(
    "unexpected_answer",
    `Folio answered ${answer.response.status} ${answer.response.statusText}`,
    answer.response.status,
  );
}

export type Query<T> =
  | { readonly status: "loading" }
  | { readonly status: "error"; readonly error: ConsoleError }
  | { readonly status: "ok"; readonly data: T };

export interface QueryHandle<T> {
  readonly query: Query<T>;
  readonly reload: () => void;
}

function asConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleError) return error;
  return new ConsoleError(
    "console_error",
    error instanceof Error ? error.message : String(error),
    0,
  );
}

/**
 * Loads data for a view: again whenever a value in `deps` changes (the view's controls), and
 * on reload(). An answer that arrives after a newer load started is dropped.
 */
export function useQuery<T>(
  load: (client: FolioClient) => Promise<T>,
  deps: readonly unknown[],
): QueryHandle<T> {
  const { client } = useSession();
  const [query, setQuery] = useState<Query<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setQuery({ status: "loading" });
    load(client).then(
      (data) => {
        if (current) setQuery({ status: "ok", data });
      },
      (error: unknown) => {
        if (current) setQuery({ status: "error", error: asConsoleError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [client, generation, ...deps]);
  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);
  return { query, reload };
}
