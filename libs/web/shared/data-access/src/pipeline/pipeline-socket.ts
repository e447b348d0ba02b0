import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { PIPELINE_NAMESPACE, type PipelineClientToServerEvents, type PipelineServerToClientEvents } from '@dsm/contracts';
import { io, type Socket } from 'socket.io-client';

export type PipelineSocketClient = Socket<PipelineServerToClientEvents, PipelineClientToServerEvents>;

/** How the app opens its socket; tests provide an in-memory socket instead. */
export const PIPELINE_SOCKET_FACTORY = new InjectionToken<() => PipelineSocketClient>('PipelineSocketFactory', {
  providedIn: 'root',
  // Same origin as the API, so the session cookie travels with the handshake.
  factory: () => () => io(PIPELINE_NAMESPACE, { withCredentials: true, autoConnect: false }),
});

/** idle: nobody uses the socket · refused: the server turned the session away (no retry). */
export type SocketState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'refused';

/**
 * One socket to the live pipeline namespace, shared by the dashboard and the "follow this change"
 * panel: opened by the first user, closed when the last one releases it.
 */
@Injectable({ providedIn: 'root' })
export class PipelineSocket {
  private readonly create = inject(PIPELINE_SOCKET_FACTORY);
  private readonly current = signal<SocketState>('idle');
  private socket: PipelineSocketClient | null = null;
  private users = 0;

  readonly state = this.current.asReadonly();

  acquire(): PipelineSocketClient {
    this.users += 1;
    if (this.socket) return this.socket;
    const socket = this.create();
    socket.on('connect', () => this.current.set('connected'));
    socket.on('disconnect', () => this.current.set(socket.active ? 'reconnecting' : 'idle'));
    // A refusal by the namespace middleware is final (socket.active turns false); a transport error retries.
    socket.on('connect_error', () => this.current.set(socket.active ? 'reconnecting' : 'refused'));
    this.current.set('connecting');
    socket.connect();
    this.socket = socket;
    return socket;
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.socket) return;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
    this.current.set('idle');
  }
}
