import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import { numberToLsn } from '@dsm/contracts';

/** Keeps PostgreSQL's text output: the capture encodes values itself, exactly as Debezium does. */
const keepText = (value: unknown) => value;

class TextPgoutputPlugin extends PgoutputPlugin {
  /** Messages parsed off the socket; with flow control they wait in the library's queue. */
  parsed = 0;
  /** Wire size per message, for the capture's in-flight bound. */
  readonly sizes = new WeakMap<Pgoutput.Message, number>();

  override parse(buffer: Buffer): Pgoutput.Message {
    const message = super.parse(buffer);
    // Tuples read each column through the cached relation's parser, so swapping it here (a
    // relation message always precedes the first tuple of its table in a session) is enough.
    if (message.tag === 'relation') for (const column of message.columns) column.parser = keepText;
    this.parsed += 1;
    this.sizes.set(message, buffer.length);
    return message;
  }
}

export interface ReplicationStreamOptions {
  domainUrl: string;
  slotName: string;
  publication: string;
  /**
   * One message, in order, `bytes` long on the wire. While the returned promise is pending the
   * socket is not read (the server blocks, the slot keeps the rest): back-pressure.
   */
  onMessage(lsn: string, message: Pgoutput.Message, bytes: number): Promise<void> | void;
  /**
   * A primary keepalive: `lsn` is how far the server has decoded and sent. Keepalives overtake
   * queued messages: `caughtUp` is false while messages before it still wait to be handled.
   */
  onKeepalive(lsn: string, shouldRespond: boolean, caughtUp: boolean): void;
  onStart(): void;
}

export interface ReplicationStream {
  /** Standby status update: everything up to `lsn` is durable (the slot may free WAL before it). */
  acknowledge(lsn: number, ping?: boolean): Promise<void>;
  /** Settles when the stream ends: resolves after stop(), rejects when the connection failed. */
  readonly ended: Promise<void>;
  stop(): Promise<void>;
}

/**
 * One replication connection streaming the slot with pgoutput protocol v1 from its confirmed
 * flush LSN. Acknowledgements are manual only (the library's auto-ack and periodic ack would
 * confirm LSNs that are not durable yet). Each connection gets a fresh service, so a reconnect
 * never resumes from a position that was received but not produced. The library's flow control
 * hands messages over one at a time and pauses the socket while a handler is pending.
 */
export function openReplicationStream(options: ReplicationStreamOptions): ReplicationStream {
  const service = new LogicalReplicationService(
    { connectionString: options.domainUrl, options: '-c TimeZone=UTC' },
    { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: true } },
  );
  const plugin = new TextPgoutputPlugin({ protoVersion: 1, publicationNames: [options.publication] });
  let stopping = false;
  let handled = 0;
  service.on('data', async (lsn: string, message: Pgoutput.Message) => {
    await options.onMessage(lsn, message, plugin.sizes.get(message) ?? 0);
    handled += 1;
  });
  service.on('heartbeat', (lsn: string, _timestamp: number, shouldRespond: boolean) =>
    options.onKeepalive(lsn, shouldRespond, handled === plugin.parsed));
  service.on('start', () => options.onStart());

  const ended = new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => (stopping ? resolve() : reject(error instanceof Error ? error : new Error(String(error))));
    service.on('error', fail);
    // START_REPLICATION stays pending while streaming; it only settles when the stream ends.
    service.subscribe(plugin, options.slotName).then(() => fail(new Error('replication stream ended')), fail);
  });
  ended.catch(() => undefined);

  return {
    ended,
    async acknowledge(lsn, ping = false) {
      // The library reports "its argument + 1" as written/flushed, but our LSNs (commit ends,
      // keepalive positions) already point past the last byte. Exactness matters: a shutting-down
      // server waits for its walsender until the client confirms exactly what was sent.
      await service.acknowledge(numberToLsn(Math.max(0, lsn - 1)), ping);
    },
    async stop() {
      stopping = true;
      await service.destroy().catch(() => undefined);
    },
  };
}
