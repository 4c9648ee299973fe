import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics; one instance per server so tests can run several. */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'branchbook_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });
  readonly loadedDocs = new Gauge({
    name: 'branchbook_loaded_docs',
    help: 'Documents loaded in memory',
    registers: [this.registry],
  });
  readonly updatesIn = new Counter({
    name: 'branchbook_updates_in_total',
    help: 'Document updates received and stored',
    registers: [this.registry],
  });
  readonly updatesOut = new Counter({
    name: 'branchbook_updates_out_total',
    help: 'Document update messages sent to clients',
    registers: [this.registry],
  });
  readonly droppedReadOnlyWrites = new Counter({
    name: 'branchbook_dropped_readonly_writes_total',
    help: 'Document writes dropped: the connection may only read, or its client schema is too old',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly syncAnswersEncoded = new Counter({
    name: 'branchbook_sync_answers_encoded_total',
    help: 'Sync step 2 answers encoded (repeated requests for the same state are served cached)',
    registers: [this.registry],
  });
  readonly refusedConnections = new Counter({
    name: 'branchbook_refused_connections_total',
    help: 'TCP or WebSocket connections refused or dropped before use, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly closedConnections = new Counter({
    name: 'branchbook_closed_connections_total',
    help: 'Connections the server closed, by close code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly bytesStored = new Counter({
    name: 'branchbook_bytes_stored_total',
    help: 'Bytes of document updates appended to storage',
    registers: [this.registry],
  });
  readonly persistSeconds = new Histogram({
    name: 'branchbook_persist_seconds',
    help: 'Time to commit a batch of updates to storage',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
