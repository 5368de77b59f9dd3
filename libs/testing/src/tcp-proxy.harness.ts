import { connect, createServer, type Socket } from "node:net";

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, NATS), so a test can make that server "go down" for its
 * clients alone: `cut()` drops every open connection and refuses new ones, while the shared server keeps running for
 * everyone else.
 */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Connections currently piped through. */
  readonly openConnections: number;
  /** Destroys every proxied connection and stops listening: later connects are refused (ECONNREFUSED). */
  cut(): Promise<void>;
  /** Destroys every proxied connection but keeps listening: a dropped connection that the client may open again. Returns how many. */
  drop(): number;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  let cutting: Promise<void> | undefined;
  return {
    port,
    get openConnections() {
      return sockets.size;
    },
    drop: () => {
      const dropped = sockets.size;
      for (const socket of sockets) socket.destroy();
      return dropped;
    },
    cut: () =>
      (cutting ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}
