// Test helper: a TCP proxy whose connections can be cut, as a cable pulled out and plugged back
// in. cut(refuseMs) destroys every proxied socket on both sides at once (the client and the
// server each see their connection close) and, for refuseMs more, destroys each new connection
// as soon as it arrives (the client's reconnect attempts fail); then it forwards again.
import net from "node:net";

export interface CuttableProxy {
  /** host:port of the proxy on 127.0.0.1. */
  readonly port: number;
  /** The target URL with the proxy's host and port (same scheme, same path). */
  readonly url: string;
  /** Connections cut or refused so far. */
  cuts(): number;
  /** Destroys every connection now and refuses new ones for `refuseMs`. */
  cut(refuseMs: number): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

/** A proxy on a free 127.0.0.1 port forwarding to `target` (e.g. nats://127.0.0.1:4222). */
export async function startTcpProxy(target: string): Promise<CuttableProxy> {
  const targetUrl = new URL(target);
  const host = targetUrl.hostname;
  const port = Number(targetUrl.port);
  const sockets = new Set<net.Socket>();
  let refusingUntil = 0;
  let cutCount = 0;
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
  };
  const server = net.createServer((inbound) => {
    track(inbound);
    if (performance.now() < refusingUntil) {
      cutCount += 1;
      inbound.destroy();
      return;
    }
    const outbound = net.connect(port, host);
    track(outbound);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy address");
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    port: address.port,
    url: url.toString().replace(/\/$/, ""),
    cuts: () => cutCount,
    cut: (refuseMs) => {
      refusingUntil = performance.now() + refuseMs;
      cutCount += 1;
      for (const socket of [...sockets]) socket.destroy();
    },
    close: async () => {
      for (const socket of [...sockets]) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
