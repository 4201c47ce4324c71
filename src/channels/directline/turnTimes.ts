/** Server-side turn durations for the benchmark and the logs: a bounded sample, percentiles on demand. */
export class TurnTimes {
  private samples: number[] = [];
  private total = 0;

  constructor(private readonly capacity = 200_000) {}

  record(ms: number): void {
    this.total++;
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else this.samples[this.total % this.capacity] = ms;
  }

  reset(): void {
    this.samples = [];
    this.total = 0;
  }

  summary(): { count: number; p50: number; p99: number; max: number } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number): number =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { count: this.total, p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0 };
  }
}
