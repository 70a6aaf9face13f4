/**
 * GET /docs: the OpenAPI document as one readable HTML page, rendered here from the document itself
 * (so the two cannot differ), with no script at all: nothing from a CDN, nothing to load but our own
 * stylesheets, which lets the page forbid everything else (REFERENCE_PAGE_CSP). A bundled renderer
 * (Scalar, Redoc, Swagger UI) would cost 1–3 MB of script and need inline styles.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export const REFERENCE_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The parts of an OpenAPI 3.1 document this page reads. */
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}
interface Answer {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { description?: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, Answer>;
}
export interface ReferenceDocument {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  /** OpenAPI 3.1: what this API sends to partners' servers, keyed by event type. */
  webhooks?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, { description?: string }> };
}

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function referencePage(doc: ReferenceDocument): Html {
  const schemas = doc.components?.schemas ?? {};
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation, anchor: anchorOf(method, path) })),
  );
  const tags = (doc.tags ?? []).map((tag) => ({ ...tag, operations: operations.filter(({ operation }) => operation.tags?.[0] === tag.name) }));
  const resourceNames = Object.keys(schemas).filter((name) => !name.startsWith("Error_"));
  const messages = Object.entries(doc.webhooks ?? {}).flatMap(([type, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path: type, method, operation, anchor: `webhook-${anchorOf(method, `/${type}`)}`, isMessage: true })),
  );
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${doc.info.title} reference</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/site.css" />
    <link rel="stylesheet" href="/docs.css" />
  </head>
  <body>
    <div class="reference">
      <nav aria-label="Operations">
        <p><a href="/">Bookora</a> · <a href="/api/openapi.json">openapi.json</a></p>
        ${tags.map(
          (tag) => html`<h2>${tag.name}</h2>
            <ul>
              ${tag.operations.map(({ method, path, anchor }) => html`<li><a href="#${anchor}"><span class="method">${method.toUpperCase()}</span> ${path}</a></li>`)}
            </ul>`,
        )}
        ${messages.length > 0
          ? html`<h2><a href="#webhooks">Webhook messages</a></h2>
              <ul>
                ${messages.map(({ method, path, anchor }) => html`<li><a href="#${anchor}"><span class="method">${method.toUpperCase()}</span> ${path}</a></li>`)}
              </ul>`
          : ""}
        <h2><a href="#errors">Error codes</a></h2>
        <h2><a href="#schemas">Schemas</a></h2>
      </nav>
      <main>
        <h1>${doc.info.title} <small>version ${doc.info.version}</small></h1>
        ${prose(doc.info.description ?? "")}
        <h2 id="auth">Authentication</h2>
        <dl>
          ${Object.entries(doc.components?.securitySchemes ?? {}).map(([name, scheme]) => html`<dt><code>${name}</code></dt><dd>${prose(scheme.description ?? "")}</dd>`)}
        </dl>
        ${tags.map(
          (tag) => html`<section>
            <h2>${tag.name}</h2>
            ${tag.description ? html`<p>${tag.description}</p>` : ""}
            ${tag.operations.map((entry) => operationSection(entry, schemas))}
          </section>`,
        )}
        ${messages.length > 0
          ? html`<section id="webhooks">
              <h2>Webhook messages</h2>
              <p>What Bookora POSTs to each enabled webhook endpoint, by event type (the <code>webhooks</code> section of the document).</p>
              ${messages.map((entry) => operationSection(entry, schemas))}
            </section>`
          : ""}
        <section id="schemas">
          <h2>Schemas</h2>
          ${resourceNames.map(
            (name) => html`<article id="schema-${name}">
              <h3>${name}</h3>
              ${schemas[name]?.description ? prose(schemas[name].description) : ""} ${fieldTable(schemas[name]!, schemas)}
              <pre><code>${JSON.stringify(exampleOf(schemas[name]!, schemas), null, 2)}</code></pre>
            </article>`,
          )}
        </section>
      </main>
    </div>
  </body>
</html>`;
}

function operationSection(entry: { path: string; method: string; operation: Operation; anchor: string; isMessage?: boolean }, schemas: Record<string, JsonSchema>): Html {
  const { path, method, operation, anchor, isMessage } = entry;
  const body = operation.requestBody?.content["application/json"]?.schema;
  return html`<article class="operation" id="${anchor}">
    <h3><span class="method">${method.toUpperCase()}</span> <code>${path}</code></h3>
    <p class="summary">${operation.summary ?? ""}</p>
    ${operation.description ? prose(operation.description) : ""}
    ${isMessage
      ? html`<p class="auth">Signed by Bookora: check <code>webhook-signature</code> with the endpoint's secret.</p>`
      : html`<p class="auth">Auth: ${authOf(operation.security)}</p>`}
    ${operation.parameters?.length
      ? html`<table>
          <caption>Parameters</caption>
          <thead><tr><th>name</th><th>in</th><th>type</th><th>about</th></tr></thead>
          <tbody>
            ${operation.parameters.map(
              (parameter) => html`<tr>
                <td><code>${parameter.name}</code>${parameter.required ? html` <span class="required">required</span>` : ""}</td>
                <td>${parameter.in}</td>
                <td>${typeOf(parameter.schema ?? {}, schemas)}</td>
                <td>${prose(parameter.description ?? "")}${exampleNote(parameter.schema?.example)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : ""}
    ${body
      ? html`<h4>Body</h4>
          ${operation.requestBody?.description ? prose(operation.requestBody.description) : ""} ${fieldTable(body, schemas)}
          <pre><code>${JSON.stringify(exampleOf(body, schemas), null, 2)}</code></pre>`
      : ""}
    <h4>Answers</h4>
    <dl class="answers">
      ${Object.entries(operation.responses).map(([status, answer]) => {
        const schema = answer.content?.["application/json"]?.schema;
        return html`<dt class="status status-${status[0]}">${status}</dt>
          <dd>${prose(answer.description)} ${schema && !isErrorEnvelope(schema) ? html`<span class="shape">${typeOf(schema, schemas)}</span>` : ""}</dd>`;
      })}
    </dl>
  </article>`;
}

function authOf(security: Record<string, unknown>[] | undefined): Html {
  if (!security || security.length === 0) return html`none`;
  const names = security.map((requirement) => Object.keys(requirement)[0] ?? "none");
  return html`${names.map((name, index) => html`${index > 0 ? " or " : ""}${name === "none" ? "none (public)" : html`<code>${name}</code>`}`)}`;
}

/** The rows of an object schema, nested objects as dotted names (`newSlot.start`). */
function fieldTable(schema: JsonSchema, schemas: Record<string, JsonSchema>): Html | string {
  const rows = fieldsOf(resolve(schema, schemas), schemas, "");
  if (rows.length === 0) return "";
  return html`<table>
    <thead><tr><th>field</th><th>type</th><th>about</th></tr></thead>
    <tbody>
      ${rows.map(
        (row) => html`<tr>
          <td><code>${row.name}</code>${row.required ? html` <span class="required">required</span>` : ""}</td>
          <td>${typeOf(row.schema, schemas)}</td>
          <td>${prose(row.schema.description ?? "")}${limitsOf(row.schema)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function fieldsOf(schema: JsonSchema, schemas: Record<string, JsonSchema>, prefix: string): { name: string; required: boolean; schema: JsonSchema }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const resolved = resolve(property, schemas);
    const row = { name, required: schema.required?.includes(key) ?? false, schema: property };
    // A named schema is a link; an inline object (newSlot, weekly) is spelled out beneath.
    return resolved.properties && !property.$ref ? [row, ...fieldsOf(resolved, schemas, `${name}.`)] : [row];
  });
}

/** A short type: `string (date-time)`, `integer`, `Slot[]`, `"confirmed"`, `string | null`. */
function typeOf(schema: JsonSchema, schemas: Record<string, JsonSchema>): Html {
  if (schema.$ref) {
    const name = schema.$ref.split("/").at(-1)!;
    return html`<a href="#schema-${name}">${name}</a>`;
  }
  if (schema.anyOf) return html`${schema.anyOf.map((option, index) => html`${index > 0 ? " | " : ""}${typeOf(option, schemas)}`)}`;
  if (schema.const !== undefined) return html`<code>${JSON.stringify(schema.const)}</code>`;
  if (schema.enum) return html`${schema.enum.map((value, index) => html`${index > 0 ? " | " : ""}<code>${JSON.stringify(value)}</code>`)}`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "any"];
  return html`${types.map((type, index) => {
    const separator = index > 0 ? " | " : "";
    if (type === "array") return html`${separator}${typeOf(schema.items ?? {}, schemas)}[]`;
    return html`${separator}${type}${schema.format && type === "string" ? ` (${schema.format})` : ""}`;
  })}`;
}

function limitsOf(schema: JsonSchema): Html | string {
  const limits = [
    schema.minLength !== undefined || schema.maxLength !== undefined ? `${schema.minLength ?? 0}–${schema.maxLength ?? "∞"} characters` : null,
    schema.minimum !== undefined || schema.maximum !== undefined ? `${schema.minimum ?? "−∞"} to ${schema.maximum ?? "∞"}` : null,
    schema.minItems !== undefined || schema.maxItems !== undefined ? `${schema.minItems ?? 0}–${schema.maxItems ?? "∞"} items` : null,
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : null,
  ].filter((limit) => limit !== null);
  return limits.length > 0 ? html` <span class="limits">${limits.join("; ")}</span>` : "";
}

function exampleNote(example: unknown): Html | string {
  return example === undefined ? "" : html` <span class="example">e.g. <code>${String(example)}</code></span>`;
}

/** An example value: the schema's own, else one built from its fields' examples and types. */
function exampleOf(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth = 0): unknown {
  const resolved = resolve(schema, schemas);
  if (resolved.example !== undefined) return resolved.example;
  if (depth > 6) return null;
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum) return resolved.enum[0];
  if (resolved.anyOf) return exampleOf(resolved.anyOf[0]!, schemas, depth + 1);
  if (resolved.properties) {
    return Object.fromEntries(Object.entries(resolved.properties).map(([key, property]) => [key, exampleOf(property, schemas, depth + 1)]));
  }
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
  if (type === "array") return [exampleOf(resolved.items ?? {}, schemas, depth + 1)];
  if (type === "integer" || type === "number") return resolved.minimum ?? 0;
  if (type === "boolean") return true;
  if (type === "null") return null;
  if (resolved.format === "date-time") return "2026-04-21T09:00:00Z";
  return type === "string" ? "…" : null;
}

function resolve(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema {
  return schema.$ref ? (schemas[schema.$ref.split("/").at(-1)!] ?? {}) : schema;
}

function isErrorEnvelope(schema: JsonSchema): boolean {
  return schema.$ref?.includes("/Error_") ?? false;
}

/** "get /api/bookings/{id}" → "get-api-bookings-id". */
function anchorOf(method: string, path: string): string {
  return `${method}${path.replaceAll(/[^a-z0-9]+/gi, "-")}`.replace(/-+$/, "");
}

/**
 * The document's descriptions are short Markdown: paragraphs, `code`, **bold** and tables (the error
 * codes). Escaped first, then marked up, so no description can inject HTML.
 */
function prose(markdown: string): Html {
  const blocks = markdown.split(/\n{2,}/).filter((block) => block.trim() !== "");
  return html`${blocks.map((block) => (block.startsWith("|") ? raw(markdownTable(block)) : raw(`<p>${inline(block)}</p>`)))}`;
}

function markdownTable(block: string): string {
  const [header, , ...rows] = block.split("\n").map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
  const cells = (row: string[], tag: string) => `<tr>${row.map((cell) => `<${tag}>${inline(cell)}</${tag}>`).join("")}</tr>`;
  return `<table id="errors"><thead>${cells(header ?? [], "th")}</thead><tbody>${rows.map((row) => cells(row, "td")).join("")}</tbody></table>`;
}

function inline(text: string): string {
  return escapeHtml(text)
    .replaceAll(/`([^`]+)`/g, "<code>$1</code>")
    .replaceAll(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
