// One Folio API process of a test cluster, as a real child process (api/clusterKill.spec.ts,
// benchmarks/cluster.bench.ts): startFolio with the configuration of its environment (the
// parent sets FOLIO_CLUSTER=on, DATABASE_URL, NATS_URL, the subject prefix, the admin key,
// PORT=0), then one stdout line `url <url>` once it listens. SIGTERM stops it gracefully
// (leases given back); the tests SIGKILL it to see a dead owner.
// Run: node --import tsx api/cluster/testing/clusterProcess.ts
import { readConfig } from "../../config.js";
import { startFolio } from "../../main.js";
import { URL_LINE_PREFIX } from "./clusterProcesses.js";

async function main(): Promise<void> {
  const folio = await startFolio(readConfig(process.env));
  process.stdout.write(`${URL_LINE_PREFIX}${folio.url}\n`);
  process.once("SIGTERM", () => {
    void folio.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `clusterProcess failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
