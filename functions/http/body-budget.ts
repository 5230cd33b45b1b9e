/**
 * The request bodies one process holds at once, in bytes: every body counts from its first byte
 * (or, when it declares its length, from the start, for all of it) until its request has been
 * answered, whether it is still arriving, waiting for a worker or being computed. Each body is
 * capped by its route's limit, but a cap per body does not bound many bodies: clients that each
 * send most of an upload and then stall would hold their limit times their number. Past this
 * budget a request is refused (429, try again) before its body is read.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** Bytes held now, by every request of the process. */
  get used(): number {
    return this.held;
  }

  /** A request's share of the budget; released once, when the request has been answered. */
  lease(): BodyLease {
    return new BodyLease(this);
  }

  /** @internal Takes `n` bytes if they fit; answers whether they did. */
  take(n: number): boolean {
    if (this.held + n > this.limit) return false;
    this.held += n;
    return true;
  }

  /** @internal */
  give(n: number): void {
    this.held -= n;
  }
}

export class BodyLease {
  private bytes = 0;
  private released = false;

  constructor(private readonly budget: BodyBudget) {}

  /** Takes `n` more bytes for this request: false (nothing taken) when the process's budget has no room. */
  take(n: number): boolean {
    if (this.released || !this.budget.take(n)) return false;
    this.bytes += n;
    return true;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.bytes);
    this.bytes = 0;
  }
}
