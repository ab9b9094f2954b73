// `npm run console:build`: builds the web console into console/dist now, as the API would at
// start (a no-op when the build matches the sources). The Docker image runs it in its build
// stage, so the runtime image, which has no Vite, serves a finished console.
import pino from "pino";
import { ensureConsoleAssets } from "./assets.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
const assets = await ensureConsoleAssets(logger);
if (assets.dir === null) {
  logger.error("the web console could not be built");
  process.exit(1);
}
logger.info({ dir: assets.dir, built: assets.built, buildMs: assets.buildMs }, "web console ready");
