import type { PipelineSocketClient } from '../pipeline/pipeline-socket';

type Handler = (...args: unknown[]) => void;

/**
 * An in-memory stand-in for the socket.io client: the test plays the server by calling
 * `serverEmit`, `accept`/`refuse` the handshake and answers client events through `onClientEmit`.
 */
export class FakePipelineSocket {
  connected = false;
  active = false;
  readonly sent: { event: string; payload: unknown }[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();
  private answer: (event: string, payload: unknown) => unknown = () => ({ ok: true, trace: null });

  asClient(): PipelineSocketClient {
    return this as unknown as PipelineSocketClient;
  }

  on(event: string, handler: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)?.add(handler);
    return this;
  }

  off(event: string, handler?: Handler): this {
    if (handler) this.handlers.get(event)?.delete(handler);
    else this.handlers.delete(event);
    return this;
  }

  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }

  connect(): this {
    this.active = true;
    return this;
  }

  disconnect(): this {
    this.active = false;
    this.connected = false;
    return this;
  }

  emit(event: string, payload: unknown, ack?: (answer: unknown) => void): this {
    this.sent.push({ event, payload });
    ack?.(this.answer(event, payload));
    return this;
  }

  timeout(): this {
    return this;
  }

  async emitWithAck(event: string, payload: unknown): Promise<unknown> {
    this.sent.push({ event, payload });
    return this.answer(event, payload);
  }

  onClientEmit(answer: (event: string, payload: unknown) => unknown): void {
    this.answer = answer;
  }

  accept(): void {
    this.connected = true;
    this.serverEmit('connect');
  }

  refuse(): void {
    this.active = false;
    this.serverEmit('connect_error', new Error('unauthenticated'));
  }

  drop(): void {
    this.connected = false;
    this.serverEmit('disconnect', 'transport close');
  }

  serverEmit(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
}
