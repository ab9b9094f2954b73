// The load balancer's and NATS's config files as data, for api/deployment.spec.ts: nginx's
// directives (with the blocks around each), its sizes and times, and what would make it serve
// the Folio cluster badly; NATS's max_payload. Each check returns its problems, [] when none,
// so that the spec can also run it on broken copies and see it complain.

/** An nginx directive: its name, its arguments (quotes removed), the blocks around it. */
export interface NginxDirective {
  name: string;
  args: string[];
  context: string[];
}

/** The directives of an nginx config, in order; a block's own line counts as one. */
export function nginxDirectives(text: string): NginxDirective[] {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n]*|[{};]|[^\s{};"'#]+/g);
  const directives: NginxDirective[] = [];
  const context: string[] = [];
  let words: string[] = [];
  for (const token of tokens ?? []) {
    if (token.startsWith("#")) continue;
    if (token === "}") context.pop();
    else if (token !== ";" && token !== "{") words.push(token.replace(/^(["'])(.*)\1$/s, "$2"));
    else {
      const [name, ...args] = words;
      words = [];
      if (name !== undefined) directives.push({ name, args, context: [...context] });
      if (token === "{") context.push([name, ...args].join(" "));
    }
  }
  return directives;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const MS_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** An nginx size ("5m", "512k", "1048576") in bytes; NaN when it is none. */
export function nginxBytes(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size);
  return match === null
    ? Number.NaN
    : Number(match[1]) * (BYTE_UNITS[(match[2] ?? "").toLowerCase()] ?? 1);
}

/** An nginx time ("35s", "1m30s", "500ms", "60" in seconds) in ms; NaN when it is none. */
export function nginxMs(time: string): number {
  const parts = [...time.matchAll(/(\d+)(ms|s|m|h|d)?/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== time) return Number.NaN;
  return parts.reduce((sum, part) => sum + Number(part[1]) * (MS_UNITS[part[2] ?? "s"] ?? 0), 0);
}

/** The only conditions on which nginx may try the next server: the connection failed. */
const RETRY_CONDITIONS: ReadonlySet<string> = new Set(["error", "timeout"]);

export interface LoadBalancerExpectations {
  /** Every API service as "host:port", the upstream's servers exactly. */
  upstreams: readonly string[];
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  /** Request headers that must reach Folio as sent (lower case). */
  passedHeaders: readonly string[];
  /** A request header a caller must not set (cleared by the balancer). */
  clearedHeader: string;
}

/** Why the nginx config would not serve the Folio cluster as expected; [] when it would. */
export function loadBalancerProblems(conf: string, expected: LoadBalancerExpectations): string[] {
  const directives = nginxDirectives(conf);
  const all = (name: string): NginxDirective[] => directives.filter((d) => d.name === name);
  const problems: string[] = [];
  const proxied = all("proxy_pass").map((d) => /^http:\/\/([\w.-]+)$/.exec(d.args[0] ?? "")?.[1]);
  if (proxied.length === 0) problems.push("no proxy_pass to an upstream");
  for (const upstream of proxied) {
    const inside = directives.filter((d) => d.context.at(-1) === `upstream ${upstream}`);
    const servers = inside.filter((d) => d.name === "server").map((d) => d.args[0] ?? "");
    if (servers.sort().join(" ") !== [...expected.upstreams].sort().join(" ")) {
      problems.push(`upstream ${upstream} names ${servers.join(", ")}, not the API services`);
    }
    if (!inside.some((d) => d.name === "keepalive" && Number(d.args[0]) > 0)) {
      problems.push(`upstream ${upstream} keeps no connection alive (keepalive)`);
    }
  }
  const sizes = all("client_max_body_size").map((d) => nginxBytes(d.args[0] ?? ""));
  if (sizes.length === 0 || !sizes.every((bytes) => bytes >= expected.bodyLimitBytes)) {
    problems.push(`client_max_body_size must be at least ${expected.bodyLimitBytes} bytes`);
  }
  const reads = all("proxy_read_timeout").map((d) => nginxMs(d.args[0] ?? ""));
  const sends = all("proxy_send_timeout").map((d) => nginxMs(d.args[0] ?? ""));
  if (reads.length === 0 || ![...reads, ...sends].every((ms) => ms > expected.requestTimeoutMs)) {
    problems.push(`proxy_read_timeout (and send) must be over ${expected.requestTimeoutMs} ms`);
  }
  const sets = all("proxy_set_header");
  const http11 = all("proxy_http_version").some((d) => d.args[0] === "1.1");
  const setTo = (header: string): string[] =>
    sets.filter((d) => d.args[0]?.toLowerCase() === header).map((d) => d.args[1] ?? "");
  if (!http11 || !setTo("connection").includes("")) {
    problems.push('keep-alive to the upstream needs HTTP/1.1 and Connection ""');
  }
  if (all("proxy_pass_request_headers").some((d) => d.args[0] === "off")) {
    problems.push("request headers not passed");
  }
  for (const header of expected.passedHeaders) {
    if (setTo(header).includes("")) problems.push(`${header} is dropped`);
  }
  if (!setTo(expected.clearedHeader).includes("")) {
    problems.push(`a caller's ${expected.clearedHeader} is passed`);
  }
  problems.push(
    ...retryProblems(all("proxy_next_upstream"), all("proxy_next_upstream_timeout"), reads),
  );
  return problems;
}

/** Only a failed connection is retried: never a sent POST, never after a read timeout. */
function retryProblems(
  next: NginxDirective[],
  windows: NginxDirective[],
  readsMs: number[],
): string[] {
  if (next.length === 0) return ["proxy_next_upstream is not set"];
  const problems: string[] = [];
  for (const { args } of next) {
    const others = args.filter((condition) => !RETRY_CONDITIONS.has(condition));
    if (others.length > 0) problems.push(`proxy_next_upstream retries on ${others.join(", ")}`);
    if (!args.includes("timeout")) continue;
    const windowMs = windows.map((d) => nginxMs(d.args[0] ?? ""));
    if (windowMs.length === 0 || windowMs.some((ms) => ms === 0 || ms >= Math.min(...readsMs))) {
      problems.push("proxy_next_upstream_timeout must end the retries before a read timeout");
    }
  }
  return problems;
}

/** NATS's max_payload in bytes ("8MB", "1048576"; K, M, G are powers of 1024); NaN if unset. */
export function natsMaxPayload(conf: string): number {
  const value = /^\s*max_payload\s*[:=]?\s*([^\s#]+)/m.exec(conf)?.[1] ?? "";
  const match = /^(\d+)([kmg]?)b?$/i.exec(value);
  return match === null
    ? Number.NaN
    : Number(match[1]) * (BYTE_UNITS[(match[2] ?? "").toLowerCase()] ?? 1);
}
