/**
 * Server child: Hocuspocus 3 (`@hocuspocus/server`) with its defaults, no auth, and, when
 * BENCH_SQLITE_FILE is set, `@hocuspocus/extension-sqlite` storing into that file.
 */
import type { AddressInfo } from 'node:net';
import { Server, type Extension } from '@hocuspocus/server';
import { serveBench } from './harness.ts';

const sqliteFile = process.env.BENCH_SQLITE_FILE;

await serveBench(async () => {
  const extensions: Extension[] = [];
  if (sqliteFile) {
    // Loaded only when used: it needs sqlite3's native binding (see ../sqlite3-binding.ts).
    const { SQLite } = await import('@hocuspocus/extension-sqlite');
    extensions.push(new SQLite({ database: sqliteFile }));
  }
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    extensions,
  });
  await server.listen();
  return {
    port: (server.httpServer.address() as AddressInfo).port,
    loadedDocs: () => server.hocuspocus.getDocumentsCount(),
    async close() {
      await server.destroy();
    },
  };
});
