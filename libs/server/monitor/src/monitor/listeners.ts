/** A tiny typed listener set; a throwing listener must not stop the others or the consumer. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch {
        // A listener's failure is its own; the stream goes on.
      }
    }
  }
}
