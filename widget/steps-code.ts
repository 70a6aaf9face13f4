/**
 * What the checkout's chunk (checkout.ts) uses of the steps' chunk, handed to it by the steps as
 * they fetch it (checkout-mode.ts) rather than imported. An import would make the steps' chunk
 * export more than its module's names, and Rolldown would then build the namespace its own import()
 * answers with its runtime, which vite.config.ts keeps out of the bundle.
 */
import type { StepsForCheckout } from "./checkout-mode";

let steps: StepsForCheckout | undefined;

export function useSteps(given: StepsForCheckout) {
  steps = given;
}

/** Given before anything of the checkout runs: its chunk is handed them as it arrives. */
export function stepsCode(): StepsForCheckout {
  return steps!;
}
