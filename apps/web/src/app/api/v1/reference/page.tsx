import { getTranslations } from "next-intl/server";
import { openApiDocument } from "@/api-v1/openapi";
import { PROBLEM_TITLES } from "@/api-v1/problem";

// The API reference, rendered here from the OpenAPI document (no third-party script or CDN): public,
// like /api/v1/openapi.json, since it holds no data. Problem types link to its #problem-<code> anchors.

type JsonSchema = { type?: string | string[]; description?: string; properties?: Record<string, JsonSchema>; required?: string[]; enum?: unknown[]; format?: string; items?: JsonSchema; $ref?: string; anyOf?: JsonSchema[]; pattern?: string; maxLength?: number; minLength?: number; minimum?: number; maximum?: number };
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: JsonSchema };
type OperationDoc = { operationId: string; summary: string; description?: string; parameters: Parameter[]; requestBody?: { description?: string; content: Record<string, { schema: JsonSchema }> }; responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }> };

const refName = (s?: JsonSchema) => s?.$ref?.split("/").at(-1);

function typeOf(s: JsonSchema): string {
  if (s.$ref) return refName(s)!;
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array" && s.items) return `${typeOf(s.items)}[]`;
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  return s.format ? `${t} (${s.format})` : t;
}

function Fields({ schema, t }: { schema: JsonSchema; t: (k: string) => string }) {
  const props = Object.entries(schema.properties ?? {});
  return (
    <table className="grid">
      <thead><tr><th>{t("field")}</th><th>{t("type")}</th><th>{t("required")}</th><th>{t("description")}</th></tr></thead>
      <tbody>
        {props.map(([name, p]) => (
          <tr key={name}><td><code>{name}</code></td><td><code>{typeOf(p)}</code></td><td>{schema.required?.includes(name) ? t("yes") : t("no")}</td><td>{p.description ?? ""}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function ApiReferencePage() {
  const t = await getTranslations("apiReference");
  const doc = openApiDocument() as { info: { title: string; version: string }; paths: Record<string, Record<string, OperationDoc>>; components: { schemas: Record<string, JsonSchema> } };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tt = (k: string) => t(k as never);
  return (
    <main id="main" className="reference">
      <h1>{t("title")} <span className="muted small">v{doc.info.version}</span></h1>
      <p>{t("intro")}</p>
      <p><a href="/api/v1/openapi.json">{t("openapiLink")}</a></p>
      <section className="panel">
        <h2>{t("authTitle")}</h2>
        <p>{t("auth")}</p>
        <p>{t("idempotency")}</p>
        <p>{t("pagination")}</p>
        <p>{t("rateLimits")}</p>
      </section>
      <nav aria-label={t("endpoints")}>
        <h2>{t("endpoints")}</h2>
        <ul>{ops.map(({ path, method, op }) => <li key={op.operationId}><a href={`#${op.operationId}`}><code>{method.toUpperCase()} {path}</code></a> · {op.summary}</li>)}</ul>
      </nav>
      {ops.map(({ path, method, op }) => {
        const body = op.requestBody?.content["application/json"]?.schema;
        const bodySchema = body ? doc.components.schemas[refName(body) ?? ""] ?? body : undefined;
        // A file body: each media type it may come in (the raw text/csv file, or a multipart form and its fields).
        const fileTypes = !body && op.requestBody ? Object.entries(op.requestBody.content) : [];
        return (
          <section className="panel" key={op.operationId} id={op.operationId}>
            <h2><code>{method.toUpperCase()} {path}</code></h2>
            <p>{op.summary}</p>
            {op.description && <p className="muted">{op.description}</p>}
            {op.parameters.length > 0 && (
              <>
                <h3>{t("parameters")}</h3>
                <table className="grid">
                  <thead><tr><th>{t("field")}</th><th>{t("in")}</th><th>{t("type")}</th><th>{t("required")}</th><th>{t("description")}</th></tr></thead>
                  <tbody>{op.parameters.map((p) => <tr key={`${p.in}:${p.name}`}><td><code>{p.name}</code></td><td>{p.in}</td><td><code>{typeOf(p.schema)}</code></td><td>{p.required ? t("yes") : t("no")}</td><td>{p.description ?? p.schema.description ?? ""}</td></tr>)}</tbody>
                </table>
              </>
            )}
            {bodySchema && (<><h3>{t("requestBody")} <code>{refName(body)}</code></h3><Fields schema={bodySchema} t={tt} /></>)}
            {fileTypes.map(([type, { schema }]) => (
              <div key={type}>
                <h3>{t("requestBody")} <code>{type}</code></h3>
                {schema.description && <p className="muted">{schema.description}</p>}
                {schema.properties && <Fields schema={schema} t={tt} />}
              </div>
            ))}
            <h3>{t("responses")}</h3>
            <ul>
              {Object.entries(op.responses).map(([status, r]) => {
                const s = r.content?.["application/json"]?.schema ?? r.content?.["application/problem+json"]?.schema;
                const text = r.content?.["text/csv"] ? "text/csv" : null;
                return <li key={status}><code>{status}</code> {refName(s) ? <a href={`#schema-${refName(s)}`}><code>{refName(s)}</code></a> : null}{text && <code>{text}</code>} {r.description}</li>;
              })}
            </ul>
          </section>
        );
      })}
      <section className="panel">
        <h2>{t("schemas")}</h2>
        {Object.entries(doc.components.schemas).filter(([name]) => !name.endsWith("Request")).map(([name, s]) => (
          <div key={name} id={`schema-${name}`}><h3><code>{name}</code></h3><Fields schema={s} t={tt} /></div>
        ))}
      </section>
      <section className="panel">
        <h2>{t("problemsTitle")}</h2>
        <p>{t("problems")}</p>
        <dl className="kv">{Object.entries(PROBLEM_TITLES).map(([code, title]) => <div key={code} id={`problem-${code}`}><dt><code>{code}</code></dt><dd>{title}</dd></div>)}</dl>
      </section>
    </main>
  );
}
