/**
 * A one-line progress bar redrawn in place on a TTY; on pipes and in CI, plain lines at most every
 * few seconds, so logs stay readable.
 */
export class ProgressBar {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly label: string,
  ) {}

  update(done: number, total: number, detail: string): void {
    if (this.out.isTTY) {
      const width = 24;
      const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const line = `${this.label} ${bar} ${done}/${total} ${detail}`;
      this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns ?? 100) - 1)}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= 3000 || done === total) {
      this.out.write(`${this.label} ${done}/${total} ${detail}\n`);
      this.lastPlain = now;
    }
  }

  /** Ends the bar's line so the next output starts clean. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
