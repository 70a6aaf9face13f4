/**
 * Every answer the suite gets from /api is checked against the OpenAPI document (fixtures.ts calls
 * this on each one), so the document cannot lie: an answer with a status the operation does not
 * list, an error code its status does not list, or a body its schema refuses fails the test that
 * made the call. Routes outside the document must answer the NOT_FOUND envelope.
 */
import { type Schema, Validator } from "@cfworker/json-schema";
import { openApiDocument } from "../openapi/document";

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const document = openApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** Each documented path as a pattern: `{id}` matches one non-empty segment, as Hono's `:id` does. */
const routes = Object.entries(document.paths).map(([template, operations]) => ({
  template,
  pattern: new RegExp(`^${template.replaceAll(/\{[^}]+\}/g, "[^/]+")}$`),
  operations,
}));

const validators = new Map<string, Validator>();

/** Throws, naming the request and what is wrong, unless `response` is what the document promises. */
export async function expectConformsToDocument(request: Request, response: Response): Promise<void> {
  const { pathname } = new URL(request.url);
  const method = request.method.toLowerCase();
  // Pages, CORS preflights, and HEAD (a GET without its body).
  if (!pathname.startsWith("/api/") || method === "options" || method === "head") return;
  const text = await response.text();
  const where = `${request.method} ${pathname} answered ${response.status}`;
  const route = routes.find(({ pattern }) => pattern.test(pathname));
  const operation = route?.operations[method];
  if (!route || !operation) {
    if (response.status !== 404 || errorCode(text) !== "NOT_FOUND") throw new Error(`${where}, but the document has no such operation: ${text.slice(0, 300)}`);
    return;
  }
  const answer = operation.responses[String(response.status)];
  if (!answer) throw new Error(`${where}, a status the document does not list for ${method} ${route.template}: ${text.slice(0, 300)}`);
  const schema = answer.content?.["application/json"]?.schema;
  if (!schema) {
    if (text !== "") throw new Error(`${where} with a body, where the document promises none.`);
    return;
  }
  if (!response.headers.get("content-type")?.startsWith("application/json"))
    throw new Error(`${where} with Content-Type ${response.headers.get("content-type")}, not JSON.`);
  const key = `${method} ${route.template} ${response.status}`;
  let validator = validators.get(key);
  if (!validator) {
    validator = new Validator(withComponents(schema), "2020-12", false);
    validators.set(key, validator);
  }
  const result = validator.validate(JSON.parse(text));
  if (!result.valid) {
    const problems = result.errors.map((error) => `${error.instanceLocation}: ${error.error}`).slice(0, 5);
    throw new Error(`${where} with a body the document's schema refuses (${key}):\n  ${problems.join("\n  ")}\n  body: ${text.slice(0, 500)}`);
  }
}

/** The answer's schema with the document's components beside it, so its `#/components/...` refs resolve. */
function withComponents(schema: Schema): Schema {
  return { ...schema, components: document.components } as Schema;
}

function errorCode(text: string): unknown {
  try {
    return (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
  } catch {
    return undefined;
  }
}
