/**
 * Group commit for one host's writes. Each local D1 write transaction waits on the disk, so one
 * transaction per booking caps a busy host at a few dozen bookings a second. Writes that arrive
 * while a transaction is in flight are gathered and committed together in the next one (one D1
 * `batch`, atomic). If a gathered transaction fails, each write is retried alone, so one refused
 * write (an overlap, a reused Idempotency-Key) never takes the others down with it.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";

/** The statements of one logical write: they commit or roll back together. */
export type WriteStatements = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

/** Bounds one transaction (D1 limits the size of a batch). */
const MAX_WRITES_PER_GROUP = 40;

interface PendingWrite {
  statements: WriteStatements;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  #pending: PendingWrite[] = [];
  #flushing = false;

  constructor(private readonly db: Database) {}

  /** Resolves once the statements are durable in D1; rejects with D1's error for them. */
  commit(statements: WriteStatements): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ statements, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0, MAX_WRITES_PER_GROUP);
        await this.#commitGroup(group);
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #commitGroup(group: PendingWrite[]): Promise<void> {
    if (group.length > 1) {
      const [first, ...rest] = group.flatMap((write) => write.statements);
      try {
        await this.db.batch([first!, ...rest]);
        for (const write of group) write.resolve();
        return;
      } catch {
        // Fall through: find which write was refused by committing each alone.
      }
    }
    for (const write of group) {
      try {
        await this.db.batch(write.statements);
        write.resolve();
      } catch (error) {
        write.reject(error);
      }
    }
  }
}
