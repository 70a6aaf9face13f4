/**
 * Validation at the edge, once: query strings and JSON bodies are checked with zod and a failure
 * becomes 400 INVALID_REQUEST naming the first problem. Handlers read `c.req.valid(...)` only.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError } from "../domain/errors";
import type { AppEnv } from "./env";

/** design.md: bodies over 64 KiB are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

export function validQuery<Schema extends z.ZodType>(schema: Schema) {
  return validator("query", (value) => parseOrThrow(schema, value));
}

/**
 * Reads the body as JSON whatever its Content-Type (curl's `-d` sends a form type), refusing
 * bodies over the limit before parsing them (Hono's bodyLimit counts a streamed body as it
 * arrives). An empty body reads as `{}`.
 */
export function validJson<Schema extends z.ZodType>(
  schema: Schema,
): MiddlewareHandler<AppEnv, string, { in: { json: z.input<Schema> }; out: { json: z.output<Schema> } }> {
  return async function validJson(c, next) {
    await limitBody(c, async () => {
      const bytes = await c.req.arrayBuffer();
      // bodyLimit trusts a Content-Length header when there is one; the body read is what counts.
      if (bytes.byteLength > MAX_BODY_BYTES) throw bodyTooLarge();
      const text = decodeUtf8(bytes);
      let json: unknown = {};
      if (text.trim() !== "") {
        try {
          json = JSON.parse(text);
        } catch {
          throw new ApiError("INVALID_REQUEST", "The request body is not valid JSON.");
        }
        // Code that walks the body (the idempotency fingerprint) recurses: 3,000 levels overflowed it.
        if (nestingDepth(text) > MAX_JSON_DEPTH) {
          throw new ApiError("INVALID_REQUEST", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
        }
      }
      c.set("requestJson", json);
      c.req.addValidatedData("json", parseOrThrow(schema, json) as object);
      await next();
    });
  };
}

/** No request of the contract nests deeper than 3; this leaves room for whatever partners add. */
export const MAX_JSON_DEPTH = 32;

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw bodyTooLarge();
  },
});

function bodyTooLarge(): ApiError {
  return new ApiError("INVALID_REQUEST", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { status: 413 });
}

/** How deep arrays and objects nest in valid JSON text: one pass, no recursion. */
function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const char = json[i];
    if (inString) {
      if (char === "\\")
        i += 1; // skip the escaped character
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") deepest = Math.max(deepest, ++depth);
    else if (char === "]" || char === "}") depth -= 1;
  }
  return deepest;
}

function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError("INVALID_REQUEST", "The request body is not valid UTF-8.");
  }
}

function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new ApiError("INVALID_REQUEST", `${where}${issue?.message ?? "Invalid request."}`, {
    details: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}
