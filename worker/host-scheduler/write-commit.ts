/**
 * Committing one booking write with its idempotency record, and telling what it did: committed,
 * surely not committed, or unknown (D1 could not be asked). A group commit can fail after it
 * committed, so a failure is believed only once the write's record says so.
 */
import { type Database, isConstraintRefusal, isOverlapRefusal } from "../db/client";
import { findRecord, isRecordCollision } from "../db/idempotency-records";
import type { RecordedResponse } from "../domain/idempotency";
import { fail, ok } from "../domain/outcome";
import { AmbiguousCommitError, GroupCommit, type StatementResults, type WriteStatements } from "./group-commit";
import type { HostFreshness } from "./host-freshness";
import type { HostState } from "./host-state";
import { slotNotAvailable } from "./refusals";
import type { WriteOutcome } from "./scheduler-requests";

/** What a write did in D1: committed, surely not committed, or unknown (D1 could not be asked). */
export type CommitResult =
  /** `results`: D1's answers to the statements; null when the commit was confirmed from its record instead. */
  | { verdict: "committed"; results: StatementResults | null }
  | { verdict: "refused"; outcome: WriteOutcome }
  | { verdict: "refused" | "unknown"; error: unknown };

export class WriteCommit {
  readonly #commits: GroupCommit;

  constructor(
    private readonly db: () => Database,
    private readonly freshness: HostFreshness,
  ) {
    this.#commits = new GroupCommit(db);
  }

  /**
   * Commits one write with its idempotency record. A refusal (the overlap trigger, the key's record
   * already there) means the transaction rolled back. Any other failure may have come after the
   * commit, and so may a refusal of a write retried after its group failed that way: then the
   * record says what really happened (its body names this attempt's new booking id).
   */
  async commit(statements: WriteStatements, response: RecordedResponse): Promise<CommitResult> {
    try {
      return { verdict: "committed", results: await this.#commits.commit(statements) };
    } catch (error) {
      // D1 knows a booking this object did not (written behind its back): re-read before deciding again.
      if (isOverlapRefusal(error)) this.freshness.markStale();
      if (isConstraintRefusal(error) && !(error instanceof AmbiguousCommitError)) return refusal(error);
      let record: Awaited<ReturnType<typeof findRecord>>;
      try {
        record = await findRecord(this.db(), response.ticket);
      } catch (readError) {
        console.error("a write failed and its outcome could not be read back", error, readError);
        return { verdict: "unknown", error };
      }
      if (record?.fingerprint === response.ticket.fingerprint && record.responseBody === response.body) {
        return { verdict: "committed", results: null };
      }
      return refusal(error, record !== undefined);
    }
  }

  /** Ends a hold as its write ended: kept as a booking, freed, or kept until a reload settles it. */
  settleHold(state: HostState, bookingId: string, result: CommitResult): void {
    if (result.verdict === "committed") state.ledger.confirm(bookingId);
    else if (result.verdict === "refused") state.ledger.release(bookingId);
    else {
      state.ledger.markUnresolved(bookingId);
      this.freshness.markStale();
    }
  }
}

/** A write that surely did not commit, as the outcome D1's refusal stands for. */
function refusal(error: unknown, keyHasRecord = isRecordCollision(error)): CommitResult {
  if (keyHasRecord) return { verdict: "refused", outcome: fail("IDEMPOTENCY_CONFLICT", "This Idempotency-Key already has a recorded response.") };
  if (isOverlapRefusal(error)) return { verdict: "refused", outcome: slotNotAvailable() };
  return { verdict: "refused", error };
}

/** The answer to a write as it ended. */
export function outcomeOf(result: CommitResult): WriteOutcome {
  if (result.verdict === "committed") return ok({ recorded: true });
  // A failure D1 did not explain is a 500, which is not recorded: a retry with the same key runs again.
  if ("error" in result) throw result.error;
  return result.outcome;
}
