// The deployment files as data. docker-compose.yml: its seven services with pinned images,
// health checks and healthy dependencies; the Folio services set only variables Folio's
// configuration reads, with values it accepts and URLs naming the compose services; the API
// processes form one cluster (FOLIO_CLUSTER=on, the same stores, NATS, prefix, admin key and
// lease store) behind the load balancer, the only service on port 3000. deploy/nginx/folio.conf:
// every API service at its port, bodies and timeouts above Folio's, keep-alive, Folio's headers
// passed, no retry but on a failed connection; deploy/nats/folio.conf: a forwarded body fits.
// Each of those checks also runs on broken copies of the files and must then complain. The
// Dockerfile is multi-stage, installs production dependencies only, runs as a non-root user
// and checks its own health.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as composeFile from "../deploy/checks/composeFile.js";
import { copyOf, parseCompose, type Services } from "../deploy/checks/composeFile.js";
import {
  loadBalancerProblems,
  natsMaxPayload,
  nginxDirectives,
  type LoadBalancerExpectations,
} from "../deploy/checks/proxyConfigs.js";
import { FORWARDED_HEADER, FORWARDED_REQUEST_HEADERS } from "./cluster/httpForwarding.js";
import { CONFIG_KEYS, clusterLeasesOf, readConfig, type Config } from "./config.js";
import { REQUEST_ID_HEADER } from "./logger.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), "utf8");

const API_SERVICES = ["folio-api-1", "folio-api-2"] as const;
const FOLIO_SERVICES = [...API_SERVICES, "folio-projector"] as const;
const BACKING_SERVICES = ["eventstore", "postgres", "nats"] as const;
const LOAD_BALANCER = "load-balancer";
const NGINX_CONF = "deploy/nginx/folio.conf";
const NATS_CONF = "deploy/nats/folio.conf";
/** The one host port clients use, on every interface. */
const PUBLIC_PORT = 3000;

const compose = parseCompose(read("docker-compose.yml"));
const services = compose.services;
const service = (name: string, from = services) => composeFile.service(from, name);
const environment = (name: string, from = services) => composeFile.environment(from, name);
const publishedPorts = (name: string, from = services) => composeFile.publishedPorts(from, name);
const dependencies = (name: string, from = services) => composeFile.dependencies(from, name);
const healthTest = (name: string) => composeFile.healthTest(services, name);
const commandOf = (name: string, from = services) => composeFile.commandOf(from, name);
const containerPorts = (name: string): number[] =>
  publishedPorts(name).map((port) => port.containerPort);
const configOf = (name: string): Config => readConfig(environment(name));

describe("docker-compose.yml", () => {
  it("has the seven services", () => {
    expect(Object.keys(services).sort()).toEqual(
      [...BACKING_SERVICES, ...FOLIO_SERVICES, LOAD_BALANCER].sort(),
    );
  });

  it.each([...BACKING_SERVICES, LOAD_BALANCER])("pins the image of %s to a version", (name) => {
    const image = service(name).image ?? "";
    const match = /^(?<repository>[^@\s]+?)(?::(?<tag>[\w][\w.-]*))?$/.exec(image);
    const tag = match?.groups?.tag;
    expect(image, `${name} has an image`).not.toBe("");
    expect(tag, `${name}: ${image} has a tag`).toBeDefined();
    expect(tag).not.toMatch(/latest/i);
    expect(tag, `${name}: ${image} names a version`).toMatch(/\d/);
  });

  it("runs nginx's alpine variant as the load balancer, with deploy/nginx/folio.conf", () => {
    expect(service(LOAD_BALANCER).image).toMatch(/^nginx:\d+\.\d+\.\d+-alpine$/);
    expect(service(LOAD_BALANCER).volumes).toContain(
      `./${NGINX_CONF}:/etc/nginx/conf.d/default.conf:ro`,
    );
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

  it("publishes each backing service's and the projector's port", () => {
    expect(containerPorts("eventstore")).toContain(2113);
    expect(containerPorts("postgres")).toContain(5432);
    expect(containerPorts("nats")).toContain(4222);
    expect(containerPorts("folio-projector")).toContain(
      readConfig(environment("folio-projector")).FOLIO_PROJECTOR_PORT,
    );
  });

  it.each(Object.keys(services))("gives %s a health check", (name) => {
    const test = healthTest(name);
    expect(test[0], `${name} health check`).toMatch(/^CMD(-SHELL)?$/);
    expect(test.length).toBeGreaterThan(1);
  });

  it("checks the Folio services' liveness on their own ports, NATS's /healthz, nginx's own", () => {
    for (const name of API_SERVICES) {
      const api = readConfig(environment(name));
      expect(healthTest(name).join(" ")).toContain(`:${api.PORT}/health/live`);
    }
    const projector = readConfig(environment("folio-projector"));
    expect(healthTest("folio-projector").join(" ")).toContain(
      `:${projector.FOLIO_PROJECTOR_PORT}/health/live`,
    );
    expect(healthTest("nats").join(" ")).toContain(":8222/healthz");
    expect(commandOf("nats")).toMatch(/(^|\s)-js(\s|$)/);
    expect(commandOf("nats")).toMatch(/-m 8222/);
    const lbHealth = /http:\/\/127\.0\.0\.1:(\d+)(\/\S*)/.exec(healthTest(LOAD_BALANCER).join(" "));
    const statusServer = nginxDirectives(read(NGINX_CONF)).filter(
      (d) => d.name === "location" && d.args[0] === "=" && d.args[1] === lbHealth?.[2],
    );
    expect(statusServer, "nginx answers its health check path").toHaveLength(1);
    expect(read(NGINX_CONF)).toContain(`listen 127.0.0.1:${lbHealth?.[1]};`);
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
    for (const name of API_SERVICES) {
      expect(readConfig(environment(name)).FOLIO_PROJECTIONS).toBe("off");
      const rawKey = (service(name).environment as Record<string, string>).FOLIO_ADMIN_KEY;
      expect(rawKey).toMatch(/^\$\{FOLIO_ADMIN_KEY:\?.+\}$/);
    }
    expect(commandOf("folio-projector")).toMatch(/api\/projector\.ts/);
  });

  it("declares every named volume it mounts, and the files it mounts exist", () => {
    const declared = Object.keys(compose.volumes ?? {});
    const sources = Object.values(services).flatMap((s) =>
      (s.volumes ?? [])
        .map((volume) => (typeof volume === "string" ? volume.split(":")[0] : volume.source))
        .filter((source): source is string => source !== undefined),
    );
    const named = sources.filter((source) => !/^[./~]/.test(source));
    expect(named.length).toBeGreaterThan(0);
    for (const volume of named) expect(declared, `volume ${volume}`).toContain(volume);
    const files = sources.filter((source) => source.startsWith("./"));
    expect(files.sort()).toEqual([`./${NATS_CONF}`, `./${NGINX_CONF}`]);
    for (const file of files) expect(read(file).length).toBeGreaterThan(0);
  });
});

/** Why the API services would not form one cluster behind the load balancer; [] if they do. */
function clusterProblems(from: Services): string[] {
  const problems: string[] = [];
  const configs: [string, Config][] = [];
  for (const name of FOLIO_SERVICES) {
    try {
      configs.push([name, readConfig(environment(name, from))]);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  const apis = configs.filter(([name]) => name !== "folio-projector");
  for (const [name, config] of apis) {
    if (config.FOLIO_CLUSTER !== "on") problems.push(`${name}: FOLIO_CLUSTER is not on`);
  }
  const differ = (values: unknown[]): boolean => new Set(values).size > 1;
  for (const key of ["DATABASE_URL", "EVENTSTORE_URL", "NATS_URL", "FOLIO_NATS_SUBJECT_PREFIX"]) {
    if (differ(configs.map(([, config]) => config[key as keyof Config]))) {
      problems.push(`${key} differs`);
    }
  }
  if (differ(apis.map(([, config]) => config.FOLIO_ADMIN_KEY))) problems.push("admin keys differ");
  if (differ(apis.map(([, config]) => clusterLeasesOf(config)))) problems.push("leases differ");
  for (const name of Object.keys(from)) {
    for (const { hostIp, hostPort } of publishedPorts(name, from)) {
      const api = (API_SERVICES as readonly string[]).includes(name);
      if ((hostPort === PUBLIC_PORT && name !== LOAD_BALANCER) || (api && hostIp !== "127.0.0.1")) {
        problems.push(`${name} publishes ${hostIp}:${hostPort}, the load balancer's to publish`);
      }
    }
  }
  if (
    !publishedPorts(LOAD_BALANCER, from).some((p) => p.hostPort === PUBLIC_PORT && p.hostIp === "")
  ) {
    problems.push(`${LOAD_BALANCER} does not publish port ${PUBLIC_PORT}`);
  }
  for (const name of API_SERVICES) {
    if (dependencies(LOAD_BALANCER, from)[name]?.condition !== "service_healthy") {
      problems.push(`${LOAD_BALANCER} does not wait for ${name} to be healthy`);
    }
  }
  return problems;
}

/** Replaces `pattern` in `text`, failing when it is not there (a mutation never does nothing). */
function mutated(text: string, pattern: RegExp | string, replacement: string): string {
  const out = text.replace(pattern, replacement);
  if (out === text) throw new Error(`mutation did not apply: ${String(pattern)}`);
  return out;
}

describe("the compose cluster", () => {
  it("has every API service in the cluster, agreeing, behind the load balancer", () => {
    expect(clusterProblems(services)).toEqual([]);
    for (const name of API_SERVICES) expect(clusterLeasesOf(configOf(name))).toBe("nats");
  });

  // [service, variable, value (undefined: removed), the problem expected]
  it.each<[string, string, string | undefined, RegExp]>([
    ["folio-api-2", "FOLIO_CLUSTER", "off", /folio-api-2: FOLIO_CLUSTER is not on/],
    ["folio-api-1", "DATABASE_URL", undefined, /needs DATABASE_URL/],
    ["folio-api-1", "NATS_URL", undefined, /needs NATS_URL/],
    ["folio-api-1", "FOLIO_CLUSTER_LEASES", "etcd", /invalid configuration/],
    ["folio-api-2", "DATABASE_URL", "postgres://folio@postgres/other", /DATABASE_URL differs/],
    ["folio-projector", "EVENTSTORE_URL", "esdb://eventstore:2114", /EVENTSTORE_URL differs/],
    ["folio-api-1", "NATS_URL", "nats://nats:4223", /NATS_URL differs/],
    ["folio-api-2", "FOLIO_NATS_SUBJECT_PREFIX", "other", /PREFIX differs/],
    ["folio-api-2", "FOLIO_CLUSTER_LEASES", "postgres", /leases differ/],
    ["folio-api-1", "FOLIO_ADMIN_KEY", "another-admin-key-of-24-characters", /admin keys differ/],
  ])("finds %s with %s = %s", (name, key, value, expected) => {
    const copy = copyOf(services);
    const env = composeFile.rawEnvironment(copy, name);
    if (value === undefined) Reflect.deleteProperty(env, key);
    else env[key] = value;
    expect(clusterProblems(copy).join("\n")).toMatch(expected);
  });

  it.each<[string, (from: Services) => void, RegExp]>([
    ["an API on port 3000", (s) => void (service("folio-api-1", s).ports = ["3000:3000"]), /api-1/],
    [
      "an API on every interface",
      (s) => void (service("folio-api-2", s).ports = ["3011:3000"]),
      /api-2/,
    ],
    [
      "no balancer port",
      (s) => void (service(LOAD_BALANCER, s).ports = ["8080:3000"]),
      /publish port/,
    ],
    [
      "no healthy wait",
      (s) => void (dependencies(LOAD_BALANCER, s)["folio-api-2"] = {}),
      /wait for/,
    ],
  ])("finds %s", (_name, mutate, expected) => {
    const copy = copyOf(services);
    mutate(copy);
    expect(clusterProblems(copy).join("\n")).toMatch(expected);
  });
});

describe(NGINX_CONF, () => {
  const conf = read(NGINX_CONF);
  const configs = API_SERVICES.map(configOf);
  const expected: LoadBalancerExpectations = {
    upstreams: API_SERVICES.map((name) => `${name}:${configOf(name).PORT}`),
    bodyLimitBytes: Math.max(...configs.map((config) => config.FOLIO_BODY_LIMIT_BYTES)),
    requestTimeoutMs: Math.max(...configs.map((config) => config.FOLIO_REQUEST_TIMEOUT_MS)),
    passedHeaders: [...FORWARDED_REQUEST_HEADERS, REQUEST_ID_HEADER],
    clearedHeader: FORWARDED_HEADER,
  };

  it("serves every API service within Folio's limits (its defaults at least)", () => {
    expect(expected.bodyLimitBytes).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(expected.requestTimeoutMs).toBeGreaterThanOrEqual(30_000);
    expect(expected.passedHeaders).toEqual(
      expect.arrayContaining(["authorization", "idempotency-key", "folio-dry-run", "x-request-id"]),
    );
    expect(loadBalancerProblems(conf, expected)).toEqual([]);
  });

  it("listens on the port the load balancer publishes", () => {
    const listens = nginxDirectives(conf).filter((d) => d.name === "listen");
    const published = publishedPorts(LOAD_BALANCER).find((p) => p.hostPort === PUBLIC_PORT);
    expect(listens.map((d) => d.args[0])).toContain(String(published?.containerPort));
  });

  const retries = "proxy_next_upstream error timeout;";
  const pass = "proxy_pass http://folio_api;";
  it.each<[string, RegExp | string, string, RegExp]>([
    ["an API service left out", /^\s*server folio-api-2:.*$/m, "", /names/],
    ["an API service at another port", "folio-api-1:3000", "folio-api-1:3001", /names/],
    ["an unknown server", "folio-api-2:3000", "folio-api-3:3000", /names/],
    ["a body limit of 1 MiB", /client_max_body_size [^;]+;/, "client_max_body_size 1m;", /body/],
    ["no body limit (nginx's 1 MiB)", /client_max_body_size [^;]+;/, "", /client_max_body_size/],
    ["a read timeout of 30 s", /proxy_read_timeout [^;]+;/, "proxy_read_timeout 30s;", /read/],
    ["no read timeout", /proxy_read_timeout [^;]+;/, "", /proxy_read_timeout/],
    ["a send timeout of 10 s", /proxy_send_timeout [^;]+;/, "proxy_send_timeout 10s;", /send/],
    ["retried POSTs", retries, "proxy_next_upstream error non_idempotent;", /on non_idempotent/],
    ["retries on a 504", retries, "proxy_next_upstream error timeout http_504;", /on http_504/],
    ["retries left to nginx's default", retries, "", /proxy_next_upstream is not set/],
    ["retries after a read timeout", /proxy_next_upstream_timeout \w+;/, "", /before a read/],
    ["no keep-alive", /keepalive \d+;/, "", /keepalive/],
    ["HTTP/1.0 upstream", /proxy_http_version [^;]+;/, "", /keep-alive to the upstream/],
    ["Authorization dropped", pass, `${pass} proxy_set_header Authorization "";`, /authoriz/],
    ["headers not passed", pass, `${pass} proxy_pass_request_headers off;`, /not passed/],
    ["a caller's folio-forwarded passed", /proxy_set_header folio-forwarded "";/, "", /passed/],
  ])("finds %s", (_name, pattern, replacement, problem) => {
    const problems = loadBalancerProblems(mutated(conf, pattern, replacement), expected);
    expect(problems.join("\n")).toMatch(problem);
  });

  it("finds a body limit or timeout raised in Folio but not here", () => {
    const raised = { ...expected, bodyLimitBytes: 8 * 1024 ** 2, requestTimeoutMs: 60_000 };
    const problems = loadBalancerProblems(conf, raised).join("\n");
    expect(problems).toMatch(/client_max_body_size/);
    expect(problems).toMatch(/proxy_read_timeout/);
  });
});

describe(NATS_CONF, () => {
  const conf = read(NATS_CONF);
  const bodyLimit = Math.max(...API_SERVICES.map((name) => configOf(name).FOLIO_BODY_LIMIT_BYTES));

  it("lets NATS carry a forwarded body of Folio's largest (max_payload), and not at 1 MiB", () => {
    expect(natsMaxPayload(conf)).toBeGreaterThan(bodyLimit);
    expect(natsMaxPayload(mutated(conf, /max_payload: \S+/, "max_payload: 1MB"))).toBe(1024 ** 2);
    expect(natsMaxPayload(mutated(conf, /max_payload: \S+/, ""))).toBeNaN();
  });

  it("is the file the nats service loads", () => {
    const file = /(?:^|\s)(?:-c|--config)\s+(\S+)/.exec(commandOf("nats"))?.[1];
    expect(file).toBeDefined();
    expect(service("nats").volumes).toContain(`./${NATS_CONF}:${file}:ro`);
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
