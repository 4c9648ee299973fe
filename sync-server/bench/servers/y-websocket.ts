/**
 * Server child: the reference y-websocket server, `@y/websocket-server` 0.1.1, wrapped the way its
 * own `server.js` does (an HTTP server, a `ws` server, `setupWSConnection`). Storage is LevelDB when
 * the orchestrator sets YPERSISTENCE (read when `utils` loads); nothing otherwise. No auth.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { serveBench } from './harness.ts';

await serveBench(async () => {
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('okay');
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', setupWSConnection);
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    loadedDocs: () => docs.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => http.close(resolve));
    },
  };
});
