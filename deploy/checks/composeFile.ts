// docker-compose.yml as data, for api/deployment.spec.ts: the file parsed with merge keys
// resolved as compose resolves them, and each service's environment (interpolated as compose
// would with nothing set), published ports, dependencies, health check and command.
import { parse } from "yaml";

export interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number; host_ip?: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}

export type Services = Record<string, Service>;

export interface Compose {
  services: Services;
  volumes?: Record<string, unknown>;
}

export const parseCompose = (text: string): Compose => parse(text, { merge: true }) as Compose;

/** A deep copy to change (the parse shares one object among the services an anchor feeds). */
export const copyOf = (services: Services): Services =>
  JSON.parse(JSON.stringify(services)) as Services;

export function service(from: Services, name: string): Service {
  const found = from[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** Compose's interpolation with nothing set: defaults (:-) used, required (:?) filled in. */
export function interpolate(value: string): string {
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

/** A service's environment as written (a map; changing it changes `from`). */
export function rawEnvironment(from: Services, name: string): Record<string, unknown> {
  const env = service(from, name).environment ?? {};
  if (Array.isArray(env)) throw new Error(`${name}: write environment as a map`);
  return env;
}

/** A service's environment as the process sees it. */
export function environment(from: Services, name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rawEnvironment(from, name)).map(([key, value]) => [
      key,
      interpolate(String(value)),
    ]),
  );
}

export interface PublishedPort {
  /** The host address it is bound to; "" for every interface. */
  hostIp: string;
  hostPort: number | undefined;
  containerPort: number;
}

export function publishedPorts(from: Services, name: string): PublishedPort[] {
  return (service(from, name).ports ?? []).map((port) => {
    if (typeof port === "number") return { hostIp: "", hostPort: undefined, containerPort: port };
    if (typeof port === "object") {
      const hostPort = port.published === undefined ? undefined : Number(port.published);
      return { hostIp: port.host_ip ?? "", hostPort, containerPort: port.target };
    }
    const parts = (port.split("/")[0] ?? "").split(":");
    const hostPort = parts.length > 1 ? Number(parts.at(-2)) : undefined;
    const hostIp = parts.length > 2 ? parts.slice(0, -2).join(":") : "";
    return { hostIp, hostPort, containerPort: Number(parts.at(-1)) };
  });
}

/** depends_on as a map (changing it changes `from` when it is written as one). */
export function dependencies(from: Services, name: string): Record<string, { condition?: string }> {
  const dependsOn = service(from, name).depends_on ?? {};
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((dependency) => [dependency, {}]))
    : dependsOn;
}

/** The health check's test as an exec form; [] without one. */
export function healthTest(from: Services, name: string): string[] {
  const healthcheck = service(from, name).healthcheck;
  const test = healthcheck?.disable === true ? undefined : healthcheck?.test;
  if (test === undefined) return [];
  return typeof test === "string" ? ["CMD-SHELL", test] : test;
}

export const commandOf = (from: Services, name: string): string =>
  [service(from, name).command ?? []].flat().join(" ");
