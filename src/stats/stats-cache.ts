// Statistics change slowly and cost a scan of the big tables, so each process computes them at
// most once per time-to-live. Requests arriving while a computation runs wait for that same
// computation instead of starting their own (no stampede when the entry expires under load).

export interface Cached<T> {
  value: T;
  computedAt: Date;
  /** Milliseconds since the epoch after which the value is computed again. */
  expiresAt: number;
}

export class SnapshotCache<T> {
  private current: Cached<T> | undefined;
  private inFlight: Promise<Cached<T>> | undefined;

  constructor(
    private readonly compute: (at: Date) => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  get(): Promise<Cached<T>> {
    const at = this.now();
    if (this.current && at.getTime() < this.current.expiresAt) return Promise.resolve(this.current);
    // A failed computation is not remembered: the next request tries again.
    this.inFlight ??= this.refresh(at).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refresh(at: Date): Promise<Cached<T>> {
    const value = await this.compute(at);
    this.current = { value, computedAt: at, expiresAt: at.getTime() + this.ttlMs };
    return this.current;
  }
}
