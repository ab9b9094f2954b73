// `npm start`: reads the configuration, starts Folio, prints where it serves and a first curl
// command, and stops gracefully on SIGINT or SIGTERM (stop intake, drain, stop the database).
import { closeOnSignals } from "./bootstrap.js";
import { readConfig } from "./config.js";
import { startFolio } from "./main.js";

async function main(): Promise<void> {
  const config = readConfig();
  const announced: { key: string | null } = { key: null };
  const folio = await startFolio(config, {
    announceKey: (key) => {
      announced.key = key;
    },
  });
  const announcedKey = announced.key;
  const key = announcedKey ?? "$FOLIO_ADMIN_KEY";
  const lines = [
    "",
    `Folio is running at ${folio.url}`,
    `  API docs:  ${folio.url}/docs`,
    `  OpenAPI:   ${folio.url}/openapi.json`,
    `  Health:    ${folio.url}/health/ready`,
    ...(config.FOLIO_CONSOLE === "on"
      ? [`  Console:   ${folio.url}/console/ (sign in with an API key)`]
      : []),
  ];
  if (announcedKey !== null) {
    lines.push(
      "",
      "A new admin API key was created. It is shown this once; store it now:",
      `  ${announcedKey}`,
    );
  }
  lines.push(
    "",
    "Try it:",
    `  curl -s -X POST ${folio.url}/v1/ledgers -H "Authorization: Bearer ${key}" \\`,
    `    -H "Content-Type: application/json" \\`,
    `    -d '{"id":"demo","name":"Demo Bank","reportingCurrency":"USD","assets":[{"code":"USD","scale":2}]}'`,
    "",
  );
  process.stdout.write(`${lines.join("\n")}\n`);

  closeOnSignals(folio, "stopping: no new requests, draining the ledgers");
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `Folio could not start${typeof code === "string" ? ` (${code})` : ""}: ${message}\n`,
  );
  process.exit(1);
});
