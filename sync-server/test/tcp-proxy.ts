import { createServer, connect, type Server, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A loopback TCP proxy the test can cut and restore, to make a real service (PostgreSQL)
 * unreachable for one server process without stopping it for everyone else on the machine.
 */
export class TcpProxy {
  #server: Server | null = null;
  #sockets = new Set<Socket>();
  port = 0;

  constructor(
    readonly targetHost: string,
    readonly targetPort: number,
  ) {
    onTestFinished(() => this.cut());
  }

  async start(port = 0): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.#server = server;
    return this.port;
  }

  /** Drops every connection and stops listening: the service looks down. */
  async cut(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
