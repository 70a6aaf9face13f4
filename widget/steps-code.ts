/**
 * What the checkout's chunk (checkout.ts) uses of the steps' chunk, taken from that chunk as loaded
 * (lazy-steps.ts) rather than imported: the checkout is started by the steps, so they are in. An
 * import would make the steps' chunk export more than its module's names, and Rolldown would then
 * build the namespace its import() answers with its runtime, which vite.config.ts keeps out.
 */
import { bookingSteps } from "./lazy-steps";

export function stepsCode() {
  return bookingSteps.peek()!;
}
