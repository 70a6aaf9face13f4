/**
 * What a service token may see and do (design-management.md): it sees its account's hosts, or only
 * its own host when narrowed; what it cannot see is NOT_FOUND, and what it sees but lacks the scope
 * for is 403 FORBIDDEN ("visibility before permission").
 */

import { ApiError } from "../domain/errors";
import { hasScope, type Scope } from "../domain/scopes";
import type { Caller } from "./env";

/** A host as far as visibility goes. */
export interface HostOwnership {
  id: number;
  accountId: string;
}

type ServiceCaller = Extract<Caller, { kind: "service" }>;

/** Whether this service token sees `host` at all. */
export function seesHost(caller: ServiceCaller, host: HostOwnership): boolean {
  if (caller.accountId !== host.accountId) return false;
  return caller.hostId === null || caller.hostId === host.id;
}

/** Throws 403 FORBIDDEN unless the service token holds `scope` (call once visibility is settled). */
export function requireScope(caller: ServiceCaller, scope: Scope): void {
  if (!hasScope(caller.scopes, scope)) {
    throw new ApiError("FORBIDDEN", `This token lacks the scope "${scope}" that this action needs.`);
  }
}
