/**
 * Group commit for one host's writes. Each local D1 write transaction waits on the disk, so one
 * transaction per booking caps a busy host at a few dozen bookings a second. Writes that arrive
 * while a transaction is in flight are gathered and committed together in the next one (one D1
 * `batch`, atomic). If a gathered transaction fails, each write is retried alone, so one refused
 * write (an overlap, a reused Idempotency-Key) never takes the others down with it. A failure can
 * be ambiguous (the group committed, then the answer was lost, so the retries are refused by their
 * own rows): callers check what a failed write left in D1 before they believe it.
 */
import type { BatchItem } from "drizzle-orm/batch";
import { type Database, isConstraintRefusal } from "../db/client";

/** The statements of one logical write: they commit or roll back together. */
export type WriteStatements = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

/** Bounds one transaction (D1 limits the size of a batch). */
const MAX_WRITES_PER_GROUP = 40;

/**
 * A write refused when retried alone after its group failed for a reason other than a refusal: the
 * group may have committed it, so the refusal may come from its own rows.
 */
export class AmbiguousCommitError extends Error {
  constructor(cause: unknown) {
    super("A write was refused after its group failed without saying whether it committed.", { cause });
    this.name = "AmbiguousCommitError";
  }
}

/** D1's answer to each of a write's statements, in order (rows for a `returning` one). */
export type StatementResults = unknown[];

interface PendingWrite {
  statements: WriteStatements;
  /** Its group failed without a refusal: the group may have committed it. */
  ambiguous?: boolean;
  resolve: (results: StatementResults) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  #pending: PendingWrite[] = [];
  #flushing = false;

  /** `database` is asked at each commit: tests swap the object's D1 for one with faults. */
  constructor(private readonly database: () => Database) {}

  /** Resolves, with D1's answers to them, once the statements are durable in D1; rejects with D1's error for them. */
  commit(statements: WriteStatements): Promise<StatementResults> {
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
        const results: StatementResults = await this.database().batch([first!, ...rest]);
        let offset = 0;
        for (const write of group) {
          write.resolve(results.slice(offset, offset + write.statements.length));
          offset += write.statements.length;
        }
        return;
      } catch (error) {
        // Fall through: find which write was refused by committing each alone.
        if (!isConstraintRefusal(error)) for (const write of group) write.ambiguous = true;
      }
    }
    for (const write of group) {
      try {
        write.resolve(await this.database().batch(write.statements));
      } catch (error) {
        write.reject(write.ambiguous ? new AmbiguousCommitError(error) : error);
      }
    }
  }
}
