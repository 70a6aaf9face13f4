/**
 * A service token as the OpenAPI document describes it (design-management.md "Accounts and
 * tokens"): listed and revoked without its secret, created with it, this once.
 */
import { z } from "zod";
import { SCOPES } from "../domain/scopes";
import type { CreatedTokenResource, TokenResource } from "./token-store";

const tokenFields = {
  id: z.string().meta({ example: "tok_3f9a2c7d1e5b4a60" }),
  name: z.string().meta({ example: "clinic backend" }),
  scopes: z.array(z.enum(SCOPES)).meta({ example: ["bookings:write"] }),
  host: z.string().nullable().meta({ description: "The one host it is narrowed to; null: the whole account.", example: null }),
  createdAt: z.iso.datetime(),
};

export const tokenSchema = z
  .object({
    ...tokenFields,
    last4: z.string().meta({ description: "The secret's last four characters, to tell tokens apart.", example: "9xQe" }),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "To the minute." }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Token" }) satisfies z.ZodType<TokenResource>;

export const createdTokenSchema = z
  .object({ ...tokenFields, token: z.string().meta({ description: "The secret, shown only in this answer.", example: "bk_live_…" }) })
  .meta({ id: "CreatedToken" }) satisfies z.ZodType<CreatedTokenResource>;
