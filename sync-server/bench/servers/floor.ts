/**
 * Server child: the floor — a bare `ws` relay with no Yjs and no storage, the least a sync server
 * can do for these clients on this machine. It speaks just enough of y-websocket's framing for
 * stock clients: sync step 1 is answered with an empty step 2 (so the client counts itself
 * synced), every update and awareness message is forwarded as it came to the other sockets on
 * the same path (one path per document, as y-websocket's URLs), everything else is dropped.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { serveBench } from './harness.ts';

// y-websocket's message types (first varuint) and y-protocols' sync steps (second varuint).
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_UPDATE = 2;
/** messageSync, syncStep2, then an empty Yjs update (0 structs, empty delete set) as varUint8Array. */
const EMPTY_STEP_2 = Uint8Array.of(MESSAGE_SYNC, 1, 2, 0, 0);

/** What to do with one message from a client. Every type and step used here is below 128. */
function classify(message: Uint8Array): 'answer' | 'forward' | 'drop' {
  const type = message[0];
  if (type === MESSAGE_AWARENESS) return 'forward';
  if (type !== MESSAGE_SYNC) return 'drop';
  if (message[1] === SYNC_STEP_1) return 'answer';
  return message[1] === SYNC_UPDATE ? 'forward' : 'drop';
}

await serveBench(async () => {
  const rooms = new Map<string, Set<WebSocket>>();
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('okay');
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      let room = rooms.get(path);
      if (!room) rooms.set(path, (room = new Set()));
      const peers = room;
      peers.add(ws);
      ws.on('message', (data: RawData, isBinary) => {
        if (!isBinary || !Buffer.isBuffer(data)) return;
        const what = classify(data);
        if (what === 'answer') ws.send(EMPTY_STEP_2);
        else if (what === 'forward')
          for (const other of peers) if (other !== ws) other.send(data, { binary: true });
      });
      ws.on('close', () => {
        peers.delete(ws);
        if (peers.size === 0 && rooms.get(path) === peers) rooms.delete(path);
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    loadedDocs: () => rooms.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => http.close(resolve));
    },
  };
});
