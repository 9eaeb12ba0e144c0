import { z } from "zod";
import type { Operation } from "./handler";
import { OPERATIONS } from "./operations";
import { FileBody, FileForm, requests, responses } from "./schemas";
import { CSV_PART_TYPES, FILE_PART } from "./multipart";

const ref = (schema: z.ZodType, registry: typeof requests): unknown => {
  const meta = registry.get(schema);
  return meta ? { $ref: `#/components/schemas/${meta.id}` } : z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
};

function operationObject(op: Operation) {
  const parameters: unknown[] = (op.params ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  if (op.query) {
    for (const [name, field] of Object.entries(op.query.shape)) {
      const schema = z.toJSONSchema(field as z.ZodType, { io: "input", unrepresentable: "any" });
      parameters.push({ name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, schema, ...(schema.description ? { description: schema.description } : {}) });
    }
  }
  if (op.method === "POST") parameters.push({ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string", maxLength: 255 }, description: "Unique per request; a replay with the same body answers the first response, with another body 422" });
  const problemRef = { $ref: "#/components/schemas/Problem" };
  const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: problemRef } } });
  return {
    operationId: op.operationId, summary: op.summary, ...(op.description ? { description: op.description } : {}), tags: [op.tag],
    security: [{ apiKey: [] }], parameters,
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body, requests) } } } } : {}),
    ...(op.upload ? { requestBody: fileRequestBody(op.upload) } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(op.responses).map(([status, schema]) => [status, { description: status === "202" ? "Accepted" : "OK", content: { [op.produces ?? "application/json"]: { schema: ref(schema, responses) } } }])),
      400: problemResponse("Invalid fields (each named in errors)"),
      401: problemResponse("No valid key"),
      403: problemResponse("The key lacks the scope"),
      404: problemResponse("Not one of yours"),
      ...(op.method === "POST" ? { 409: problemResponse("Conflict"), 413: problemResponse("Body too large"), 415: problemResponse(`Send ${op.upload ?? "application/json"}`), 422: problemResponse("Idempotency-Key reused with another body") } : {}),
      429: problemResponse("Rate limit of the key reached (see Retry-After)"),
    },
  };
}

/** A file body in its two forms: the raw file, or a form with a binary `file` part and the query's parameters as fields. */
function fileRequestBody(mediaType: string) {
  return {
    required: true,
    description: `${FileBody.description}, or a multipart/form-data form: ${FileForm.description}`,
    content: {
      [mediaType]: { schema: { type: "string", contentMediaType: mediaType, description: FileBody.description } },
      "multipart/form-data": {
        schema: { ...z.toJSONSchema(FileForm, { io: "input", unrepresentable: "any" }), $schema: undefined },
        encoding: { [FILE_PART]: { contentType: CSV_PART_TYPES.join(", ") } },
      },
    },
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate each request and response. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS as Operation[]) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  const uri = (id: string) => `#/components/schemas/${id}`;
  const requestSchemas = z.toJSONSchema(requests, { io: "input", uri, unrepresentable: "any" }).schemas;
  const responseSchemas = z.toJSONSchema(responses, { io: "output", uri, unrepresentable: "any" }).schemas;
  const strip = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { ...(v as object), $schema: undefined, id: undefined }]));
  return {
    openapi: "3.1.0",
    info: { title: "Casebook creditor API", version: "1.0.0", description: "Placements, accounts, payments, reversals, recalls, disputes and holds for one client per API key. Errors are RFC 9457 problem details." },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    tags: [{ name: "Placements" }, { name: "Accounts" }, { name: "Payments" }, { name: "Imports" }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A client API key created in administration" } },
      schemas: JSON.parse(JSON.stringify({ ...strip(requestSchemas), ...strip(responseSchemas) })),
    },
  };
}
