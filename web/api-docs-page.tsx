import { raw } from 'hono/html';

/** What the docs page reads of an OpenAPI document (api/openapi/document.ts builds it). */
interface DocParameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: unknown;
}
interface DocOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  'x-roles'?: string[];
  parameters: DocParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content: Record<string, { schema?: unknown }> }>;
}
export interface DocsInput {
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

const css = `
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:#1d2330; background:#f7f8fa; }
header { padding:14px 20px; background:#fff; border-bottom:1px solid #e4e7ec; }
header p { margin:4px 0 0; color:#475467; }
main { max-width:1100px; margin:0 auto; padding:16px 20px 48px; }
a { color:#2448b5; }
h1 { font-size:22px; margin:0; } h2 { font-size:18px; margin:28px 0 4px; } h3 { font-size:15px; margin:0; overflow-wrap:anywhere; }
h4 { font-size:13px; margin:12px 0 4px; color:#475467; }
nav ul { list-style:none; padding:0; margin:0; columns:2 320px; }
nav li { margin:2px 0; overflow-wrap:anywhere; }
.op { background:#fff; border:1px solid #e4e7ec; border-radius:8px; padding:12px 14px; margin:10px 0; }
.method { display:inline-block; min-width:58px; text-align:center; font:700 12px/20px ui-monospace,Menlo,monospace;
  border-radius:4px; padding:0 6px; margin-right:6px; background:#e4e7ec; color:#1d2330; }
.method.get { background:#e3f1fb; color:#0b4f7c; } .method.post { background:#e5f5ec; color:#145c38; }
.method.put, .method.patch { background:#fff3d6; color:#6b4700; } .method.delete { background:#fdecea; color:#9b2a21; }
code, pre { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:13px; }
pre { white-space:pre-wrap; overflow-wrap:anywhere; background:#f2f4f7; padding:8px; border-radius:6px; margin:4px 0; }
.muted { color:#475467; } .auth { font-size:13px; }
ul.params { padding-left:18px; margin:4px 0; } ul.params li { overflow-wrap:anywhere; }
details > summary { cursor:pointer; }
`;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Resolves `#/components/schemas/X` so the page shows the schema itself. */
const resolve = (doc: DocsInput, schema: unknown) => {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref ? doc.components.schemas[ref.replace('#/components/schemas/', '')] : schema;
};

const typeOf = (schema: unknown): string => {
  const s = schema as { type?: string; enum?: unknown[]; format?: string; default?: unknown };
  const base = s.enum ? s.enum.map((v) => JSON.stringify(v)).join(' | ') : (s.type ?? 'any');
  return [base, s.format ? `(${s.format})` : '', s.default !== undefined ? `default ${JSON.stringify(s.default)}` : '']
    .filter(Boolean)
    .join(' ');
};

/** Text with `code` spans, as the route descriptions write them. */
const Prose = ({ text }: { text: string }) => (
  <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>
);

const SchemaBlock = ({ label, schema }: { label: string; schema: unknown }) => (
  <details>
    <summary>{label}</summary>
    <pre>{JSON.stringify(schema, null, 2)}</pre>
  </details>
);

const OperationView = ({
  doc,
  method,
  path,
  op,
}: {
  doc: DocsInput;
  method: string;
  path: string;
  op: DocOperation;
}) => (
  <section class="op" id={op.operationId} aria-labelledby={`${op.operationId}-title`}>
    <h3 id={`${op.operationId}-title`}>
      <span class={`method ${method}`}>{method.toUpperCase()}</span>
      <code>{path}</code>
    </h3>
    <p>{op.summary}</p>
    {op.description.split('\n\n').map((paragraph) => (
      <p class={paragraph.startsWith('Requires') || paragraph === 'No key needed.' ? 'auth muted' : 'muted'}>
        <Prose text={paragraph} />
      </p>
    ))}
    {op.parameters.length > 0 && (
      <>
        <h4>Parameters</h4>
        <ul class="params">
          {op.parameters.map((p) => (
            <li>
              <code>{p.name}</code> ({p.in}
              {p.required ? ', required' : ''}) <span class="muted">{typeOf(p.schema)}</span>
              {p.description ? (
                <>
                  {' '}
                  — <Prose text={p.description} />
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      </>
    )}
    {op.requestBody && (
      <>
        <h4>Request body{op.requestBody.required ? '' : ' (optional)'}</h4>
        {Object.entries(op.requestBody.content).map(([type, media]) => (
          <SchemaBlock label={type} schema={resolve(doc, media.schema)} />
        ))}
      </>
    )}
    <h4>Responses</h4>
    <ul class="params">
      {Object.entries(op.responses).map(([status, response]) => (
        <li>
          <b>{status}</b> {response.description}
          {Object.entries(response.content).map(([type, media]) => (
            <SchemaBlock label={type} schema={resolve(doc, media.schema)} />
          ))}
        </li>
      ))}
    </ul>
  </section>
);

const operationsOf = (doc: DocsInput) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as DocOperation })),
  );

/**
 * The API reference page: every operation of the OpenAPI document with its method, path, summary,
 * who may call it, parameters, request and response schemas. Server-rendered, no script (the CSP
 * allows none but the hashed ones), one inline stylesheet.
 */
export const ApiDocsPage = ({ doc }: { doc: DocsInput }) => {
  const all = operationsOf(doc);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${doc.info.title} reference`}</title>
          <style>{raw(css)}</style>
        </head>
        <body>
          <header>
            <h1>
              {doc.info.title} <span class="muted">{doc.info.version}</span>
            </h1>
            <p>
              {doc.info.description} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
            </p>
          </header>
          <main>
            <nav aria-label="Operations">
              <h2>Operations</h2>
              <ul>
                {all.map(({ path, method, op }) => (
                  <li>
                    <a href={`#${op.operationId}`}>
                      {method.toUpperCase()} {path}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {doc.tags.map((tag) => (
              <section aria-labelledby={`tag-${tag.name.replaceAll(' ', '-')}`}>
                <h2 id={`tag-${tag.name.replaceAll(' ', '-')}`}>{tag.name}</h2>
                <p class="muted">{tag.description}</p>
                {all
                  .filter(({ op }) => op.tags.includes(tag.name))
                  .map(({ path, method, op }) => (
                    <OperationView doc={doc} method={method} path={path} op={op} />
                  ))}
              </section>
            ))}
          </main>
        </body>
      </html>
    </>
  );
};
