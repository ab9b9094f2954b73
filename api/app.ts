// The Fastify application: zod validation and serialization, problem+json errors, request
// ids and redacted logs, auth, metrics, OpenAPI and /docs, then one plugin per route group.
// Every dependency comes in through `AppDependencies`; nothing is global.
import Fastify, { type FastifyInstance } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { DestinationStream } from "pino";
import { MAX_ID_LENGTH } from "../schemas/index.js";
import { forwardPlugin, type ForwardPluginOptions } from "./cluster/forwardPlugin.js";
import { consolePlugin } from "./console/plugin.js";
import type { ApiKeyStore } from "./keys/apiKeyStore.js";
import type { LedgerService } from "./ledgerService.js";
import { loggerOptions, requestIdOptions, requestIdPlugin } from "./logger.js";
import { authPlugin } from "./plugins/auth.js";
import { handlerTimeoutPlugin } from "./plugins/handlerTimeout.js";
import { metricsPlugin, type FolioMetrics } from "./plugins/metrics.js";
import { openApiPlugin, type OpenApiServer } from "./plugins/openapi.js";
import { overloadPlugin, type OverloadLimits } from "./plugins/overload.js";
import { installProblemHandlers, sendProblem, toProblem } from "./problems.js";
import type { ReadModels } from "./readModels.js";
import { accountRoutes } from "./routes/accounts.js";
import { auditRoutes } from "./routes/audit.js";
import { balanceRoutes } from "./routes/balances.js";
import { statementRoutes } from "./routes/statements.js";
import { entryRoutes } from "./routes/entries.js";
import { exposureRoutes } from "./routes/exposure.js";
import { healthRoutes, type ReadinessReport } from "./routes/health.js";
import { ifrs9Routes } from "./routes/ifrs9.js";
import { ifrs9InputRoutes } from "./routes/ifrs9Inputs.js";
import { ifrs9RunRoutes } from "./routes/ifrs9Runs.js";
import { importRoutes } from "./routes/imports.js";
import { keyRoutes } from "./routes/keys.js";
import { ledgerRoutes } from "./routes/ledgers.js";
import { listingRoutes } from "./routes/listings.js";
import { pendingRoutes } from "./routes/pending.js";
import { riskInputReadRoutes } from "./routes/riskInputReads.js";
import { riskInputRoutes } from "./routes/riskInputs.js";
import { periodRoutes } from "./routes/periods.js";
import { verificationRoutes } from "./routes/verifications.js";

export interface AppDependencies {
  readonly service: LedgerService;
  readonly readModels: ReadModels;
  readonly keyStore: ApiKeyStore;
  readonly metrics: FolioMetrics;
  readonly readiness: () => Promise<ReadinessReport>;
  readonly logLevel: string;
  /** Largest accepted request body, bytes: a larger one is 413. */
  readonly bodyLimitBytes: number;
  /** A request is received and answered within this, ms, or answered 503 request_timeout. */
  readonly requestTimeoutMs: number;
  readonly overload: OverloadLimits;
  readonly servers?: readonly OpenApiServer[];
  /** The web console's built files (api/console/assets.ts); absent: no /console routes. */
  readonly console?: { readonly dir: string | null };
  /** FOLIO_CLUSTER=on: requests for a ledger another process owns are forwarded to it. */
  readonly cluster?: ForwardPluginOptions;
  /** Where logs go (stdout by default); tests capture them here. */
  readonly logStream?: DestinationStream;
}

export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const logger = {
    ...loggerOptions(deps.logLevel),
    ...(deps.logStream ? { stream: deps.logStream } : {}),
  };
  const app = Fastify({
    logger,
    bodyLimit: deps.bodyLimitBytes,
    // Ids may be 128 characters, each of which a client may percent-encode (3 characters).
    routerOptions: { maxParamLength: 3 * MAX_ID_LENGTH },
    // Slow senders (the socket, here) and slow answers (the route: handlerTimeoutPlugin below,
    // cheaper than fastify's own handlerTimeout) are both cut off.
    requestTimeout: deps.requestTimeoutMs,
    ...requestIdOptions(),
    ajv: { customOptions: { removeAdditional: false } },
    // A malformed URL (e.g. "%zz" in a path parameter) is a problem+json 400 like any other.
    frameworkErrors: (error, request, reply) => {
      void sendProblem(reply, toProblem(error, request));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: Fastify's built-in text/plain parser would let a text body reach validation
  // (a 400); without it, any other media type is a 415.
  app.removeContentTypeParser("text/plain");
  installProblemHandlers(app);

  await app.register(handlerTimeoutPlugin, { timeoutMs: deps.requestTimeoutMs });
  await app.register(requestIdPlugin);
  await app.register(metricsPlugin, { metrics: deps.metrics });
  await app.register(authPlugin, { keyStore: deps.keyStore });
  await app.register(overloadPlugin, deps.overload);
  await app.register(openApiPlugin, deps.servers === undefined ? {} : { servers: deps.servers });
  // After auth and overload (a refused caller is refused here), before the ledger routes.
  if (deps.cluster !== undefined) await app.register(forwardPlugin, deps.cluster);

  await app.register(healthRoutes, { readiness: deps.readiness });
  await app.register(keyRoutes, { keyStore: deps.keyStore });
  await app.register(ledgerRoutes, { service: deps.service });
  await app.register(accountRoutes, { service: deps.service });
  await app.register(entryRoutes, { service: deps.service });
  await app.register(importRoutes, { service: deps.service });
  await app.register(pendingRoutes, { service: deps.service });
  await app.register(periodRoutes, { service: deps.service });
  await app.register(riskInputRoutes, { service: deps.service });
  await app.register(ifrs9InputRoutes, { service: deps.service });
  await app.register(riskInputReadRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(exposureRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(ifrs9Routes, { service: deps.service, readModels: deps.readModels });
  await app.register(ifrs9RunRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(balanceRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(auditRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(listingRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(statementRoutes, { service: deps.service, readModels: deps.readModels });
  await app.register(verificationRoutes, { service: deps.service, readModels: deps.readModels });
  if (deps.console !== undefined) await app.register(consolePlugin, deps.console);
  await app.ready();
  return app;
}
