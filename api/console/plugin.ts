// Serves the web console at /console: the built files (hashed assets cached for a year,
// index.html never), and index.html for every other path under /console/ so that a shared
// URL opens its view. Public like /docs: the console holds no data; every call it makes
// sends the signed-in key. With no build, /console answers 503 console_unavailable.
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";
import { ApiProblem } from "../problems.js";

export interface ConsolePluginOptions {
  /** console/dist, or null when there is no build. */
  readonly dir: string | null;
}

const hidden = { schema: { hide: true } } as const;

export const consolePlugin: FastifyPluginAsync<ConsolePluginOptions> = async (app, options) => {
  app.get("/console", hidden, (_request, reply) => reply.redirect("/console/"));
  const { dir } = options;
  if (dir === null) {
    app.get("/console/*", hidden, () => {
      throw new ApiProblem(
        503,
        "console_unavailable",
        "the web console is not built: run npm install (Vite builds it at start)",
      );
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: "/console/",
    // Each file becomes a route now; anything else under /console/ is the app's own path.
    wildcard: false,
    index: false,
    // The cache policy is setHeaders' own: send's default would mark index.html cacheable.
    cacheControl: false,
    setHeaders(response, filePath) {
      response.setHeader(
        "cache-control",
        filePath.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  app.get("/console/", hidden, (_request, reply) => reply.sendFile("index.html"));
  app.get("/console/*", hidden, (_request, reply) => reply.sendFile("index.html"));
};
