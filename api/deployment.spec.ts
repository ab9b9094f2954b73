// The deployment files as data: docker-compose.yml (parsed with yaml, merge keys resolved as
// compose resolves them) has its five services with pinned images, published ports, health
// checks and healthy dependencies, and sets on the Folio services only variables Folio's
// configuration reads, with values it accepts and URLs naming the compose services; the
// Dockerfile is multi-stage, installs production dependencies only, runs as a non-root user
// and checks its own health.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_KEYS, readConfig } from "./config.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), "utf8");

const FOLIO_SERVICES = ["folio-api", "folio-projector"] as const;
const BACKING_SERVICES = ["eventstore", "postgres", "nats"] as const;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string })[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read("docker-compose.yml"), { merge: true }) as Compose;
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** Compose's interpolation with nothing set: defaults (:-) used, required (:?) filled in. */
function interpolate(value: string): string {
  return value
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}/g,
      (_match, name: string, kind: string | undefined, word: string | undefined) => {
        if (kind === "-") return word ?? "";
        if (kind === "?") return `required-${name.toLowerCase()}-value-for-the-test`;
        throw new Error(`\${${name}} has neither a default nor a required marker`);
      },
    )
    .replaceAll("$$", "$");
}

function environment(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) throw new Error(`${name}: write environment as a map`);
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, interpolate(String(value))]),
  );
}

/** The container ports a service publishes. */
function containerPorts(name: string): number[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === "number") return port;
    if (typeof port === "object") return port.target;
    return Number(port.split("/")[0]?.split(":").at(-1));
  });
}

function dependencies(name: string): Record<string, { condition?: string }> {
  const dependsOn = service(name).depends_on ?? {};
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((dependency) => [dependency, {}]))
    : dependsOn;
}

function healthTest(name: string): string[] {
  const healthcheck = service(name).healthcheck;
  const test = healthcheck?.disable === true ? undefined : healthcheck?.test;
  if (test === undefined) return [];
  return typeof test === "string" ? ["CMD-SHELL", test] : test;
}

describe("docker-compose.yml", () => {
  it("has the five services", () => {
    expect(Object.keys(services).sort()).toEqual([...BACKING_SERVICES, ...FOLIO_SERVICES].sort());
  });

  it.each(BACKING_SERVICES)("pins the image of %s to a version", (name) => {
    const image = service(name).image ?? "";
    const match = /^(?<repository>[^@\s]+?)(?::(?<tag>[\w][\w.-]*))?$/.exec(image);
    const tag = match?.groups?.tag;
    expect(image, `${name} has an image`).not.toBe("");
    expect(tag, `${name}: ${image} has a tag`).toBeDefined();
    expect(tag).not.toMatch(/latest/i);
    expect(tag, `${name}: ${image} names a version`).toMatch(/\d/);
  });

  it.each(FOLIO_SERVICES)("builds %s from the top-level Dockerfile", (name) => {
    const { build, image } = service(name);
    expect(image, `${name} is built, not pulled`).toBeUndefined();
    expect(build).toBeDefined();
    const context = typeof build === "string" ? build : (build?.context ?? ".");
    const dockerfile =
      typeof build === "object" ? (build.dockerfile ?? "Dockerfile") : "Dockerfile";
    expect(path.resolve(REPO_ROOT, context, dockerfile)).toBe(path.join(REPO_ROOT, "Dockerfile"));
  });

  it("publishes each service's port", () => {
    expect(containerPorts("eventstore")).toContain(2113);
    expect(containerPorts("postgres")).toContain(5432);
    expect(containerPorts("nats")).toContain(4222);
    expect(containerPorts("folio-api")).toContain(readConfig(environment("folio-api")).PORT);
    expect(containerPorts("folio-api")).toContain(3000);
    expect(containerPorts("folio-projector")).toContain(
      readConfig(environment("folio-projector")).FOLIO_PROJECTOR_PORT,
    );
  });

  it.each(Object.keys(services))("gives %s a health check", (name) => {
    const test = healthTest(name);
    expect(test[0], `${name} health check`).toMatch(/^CMD(-SHELL)?$/);
    expect(test.length).toBeGreaterThan(1);
  });

  it("checks the Folio services' liveness on their own ports, and NATS's monitoring /healthz", () => {
    const api = readConfig(environment("folio-api"));
    const projector = readConfig(environment("folio-projector"));
    expect(healthTest("folio-api").join(" ")).toContain(`:${api.PORT}/health/live`);
    expect(healthTest("folio-projector").join(" ")).toContain(
      `:${projector.FOLIO_PROJECTOR_PORT}/health/live`,
    );
    expect(healthTest("nats").join(" ")).toContain(":8222/healthz");
    const natsCommand = [service("nats").command ?? []].flat().join(" ");
    expect(natsCommand).toMatch(/(^|\s)-js(\s|$)/);
    expect(natsCommand).toMatch(/-m 8222/);
  });

  it.each(FOLIO_SERVICES)("starts %s after the backing services are healthy", (name) => {
    const dependsOn = dependencies(name);
    for (const backing of BACKING_SERVICES) {
      expect(dependsOn[backing]?.condition, `${name} depends on ${backing}`).toBe(
        "service_healthy",
      );
    }
  });

  it.each(FOLIO_SERVICES)("sets on %s only variables Folio reads, with valid values", (name) => {
    const env = environment(name);
    const unknown = Object.keys(env).filter((key) => !CONFIG_KEYS.includes(key));
    expect(unknown, `${name}: not in api/config.ts`).toEqual([]);
    expect(() => readConfig(env)).not.toThrow();
  });

  it.each(FOLIO_SERVICES)("points %s at the compose services", (name) => {
    const env = environment(name);
    expect(new URL(env.DATABASE_URL ?? "").hostname).toBe("postgres");
    expect(new URL(env.EVENTSTORE_URL ?? "").hostname).toBe("eventstore");
    expect(new URL(env.NATS_URL ?? "").hostname).toBe("nats");
    expect(env.HOST).toBe("0.0.0.0");
  });

  it("runs the API without projections, the projector with them, the admin key required", () => {
    expect(readConfig(environment("folio-api")).FOLIO_PROJECTIONS).toBe("off");
    const rawKey = (service("folio-api").environment as Record<string, string>).FOLIO_ADMIN_KEY;
    expect(rawKey).toMatch(/^\$\{FOLIO_ADMIN_KEY:\?.+\}$/);
    expect([service("folio-projector").command ?? []].flat().join(" ")).toMatch(
      /api\/projector\.ts/,
    );
  });

  it("declares every named volume it mounts", () => {
    const declared = Object.keys(compose.volumes ?? {});
    const mounted = Object.values(services).flatMap((s) =>
      (s.volumes ?? [])
        .map((volume) => (typeof volume === "string" ? volume.split(":")[0] : volume.source))
        .filter((source): source is string => source !== undefined && !/^[./~]/.test(source)),
    );
    expect(mounted.length).toBeGreaterThan(0);
    for (const volume of mounted) expect(declared, `volume ${volume}`).toContain(volume);
  });
});

/** The Dockerfile's instructions (continuations joined, comments dropped), by stage. */
function dockerStages(text: string): string[][] {
  const instructions = text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const stages: string[][] = [];
  for (const instruction of instructions) {
    if (/^FROM\s/i.test(instruction)) stages.push([instruction]);
    else stages.at(-1)?.push(instruction);
  }
  return stages;
}

describe("Dockerfile", () => {
  const stages = dockerStages(read("Dockerfile"));
  const final = stages.at(-1) ?? [];
  const instruction = (keyword: string): string[] =>
    final.filter((line) => line.toUpperCase().startsWith(`${keyword} `));

  it("has at least two stages, each on node:20-bookworm-slim", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM\s+node:20-bookworm-slim(\s|$)/i);
  });

  it("installs only the production dependencies in the final stage", () => {
    expect(instruction("RUN").some((line) => /\bnpm ci\b[^&;]*--omit=dev/.test(line))).toBe(true);
  });

  it("builds the web console in the build stage and keeps it out of the build context", () => {
    const build = (stages[0] ?? []).filter((line) => line.toUpperCase().startsWith("RUN "));
    expect(build.some((line) => /\bnpm run console:build\b/.test(line))).toBe(true);
    const ignored = read(".dockerignore").split("\n");
    expect(ignored).toContain("console/dist");
  });

  it("runs as a non-root user", () => {
    const user = instruction("USER").at(-1)?.split(/\s+/)[1] ?? "root";
    expect(user).not.toMatch(/^(root|0)(:.*)?$/);
  });

  it("listens on every interface, port 3000, and checks its liveness with node's fetch", () => {
    expect(instruction("EXPOSE").join(" ")).toMatch(/\b3000\b/);
    expect(instruction("ENV").join(" ")).toMatch(/\bHOST=0\.0\.0\.0\b/);
    const healthcheck = instruction("HEALTHCHECK").join(" ");
    expect(healthcheck).toContain("fetch(");
    expect(healthcheck).toContain("/health/live");
    expect(read("api/routes/health.ts")).toContain('"/health/live"');
  });

  it("starts the server with node and tsx, as npm start does", () => {
    const cmd = instruction("CMD").at(-1) ?? "";
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> })
      .scripts;
    const args = JSON.parse(cmd.replace(/^CMD\s+/i, "")) as string[];
    expect(args.join(" ")).toBe(scripts.start);
  });

  it("leaves local state out of the build context", () => {
    const ignored = read(".dockerignore")
      .split(/\r?\n/)
      .map((line) => line.trim());
    for (const entry of ["node_modules", ".folio", ".git"]) expect(ignored).toContain(entry);
  });
});
