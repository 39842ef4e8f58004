import type { FastifyInstance } from 'fastify';
import type { FieldErrors } from '../platform/views/form.tsx';
import { ErrorSummary, TextField } from '../platform/views/form.tsx';
import { Layout } from '../platform/views/layout.tsx';
import type { PageContext } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';

/** The parts of an OpenAPI 3.1 document this page reads. */
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDocument {
  info: { title: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Entry {
  /** `GET /api/v1/cases/{id}`: the form's hidden key for "try it". */
  key: string;
  method: string;
  path: string;
  operation: Operation;
}

function entries(doc: OpenApiDocument): Entry[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method === 'get')
      .map(([method, operation]) => ({ key: `GET ${path}`, method: method.toUpperCase(), path, operation })),
  );
}

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');
const anchor = (key: string) => `op-${key.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
const fieldName = (entry: Entry, parameter: Parameter) => `${anchor(entry.key)}.${parameter.name}`;

function typeOf(schema: Schema | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? '');
  const detail = [
    schema.format,
    schema.enum ? schema.enum.join(', ') : undefined,
    schema.minimum !== undefined || schema.maximum !== undefined
      ? `${schema.minimum ?? ''}–${schema.maximum ?? ''}`
      : undefined,
  ].filter(Boolean);
  return detail.length ? `${type} (${detail.join('; ')})` : type;
}

function SchemaLink({ c, schema }: { c: PageContext; schema: Schema | undefined }) {
  if (schema?.$ref) return <a href={`#schema-${refName(schema.$ref)}`}>{refName(schema.$ref)}</a>;
  if (schema?.type === 'array' && schema.items?.$ref) {
    return (
      <>
        <SchemaLink c={c} schema={schema.items} />
        []
      </>
    );
  }
  return <code>{typeOf(schema)}</code>;
}

function OperationSection({
  c,
  entry,
  server,
  errors,
  values,
}: {
  c: PageContext;
  entry: Entry;
  server: string;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t } = c;
  const { operation } = entry;
  const parameters = operation.parameters ?? [];
  const id = anchor(entry.key);
  return (
    <section class="api-operation" aria-labelledby={id}>
      <h3 id={id}>
        <code>
          {entry.method} {entry.path}
        </code>
      </h3>
      {operation.summary ? <p lang="en">{operation.summary}</p> : null}
      {operation.description ? <p lang="en">{operation.description}</p> : null}
      {parameters.length ? (
        <div class="table-scroll">
          <table>
            <caption>{t('apiDocs.parametersOf', { operation: `${entry.method} ${entry.path}` })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apiDocs.name')}</th>
                <th scope="col">{t('apiDocs.in')}</th>
                <th scope="col">{t('apiDocs.type')}</th>
                <th scope="col">{t('apiDocs.required')}</th>
                <th scope="col">{t('apiDocs.description')}</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`}>
                  <th scope="row">
                    <code>{p.name}</code>
                  </th>
                  <td>{p.in}</td>
                  <td>
                    <code>{typeOf(p.schema)}</code>
                  </td>
                  <td>{p.required ? t('apiDocs.yes') : t('apiDocs.no')}</td>
                  <td lang="en">{p.description ?? p.schema?.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('apiDocs.noParameters')}</p>
      )}
      <h4>{t('apiDocs.responses')}</h4>
      <ul>
        {Object.entries(operation.responses ?? {}).map(([status, response]) => (
          <li key={status}>
            <strong>{status}</strong> <span lang="en">{response.description}</span>{' '}
            <SchemaLink c={c} schema={response.content?.['application/json']?.schema} />
          </li>
        ))}
      </ul>
      <h4>{t('apiDocs.example')}</h4>
      <pre dir="ltr">
        <code>curl -i '{server + entry.path}'</code>
      </pre>
      <form
        method="get"
        action={c.href('/api/docs/try')}
        class="api-try"
        aria-label={t('apiDocs.tryIt')}
        novalidate
      >
        <input type="hidden" name="op" value={entry.key} />
        {parameters
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => (
            <TextField
              key={p.name}
              c={c}
              name={fieldName(entry, p)}
              label={p.name}
              errors={errors}
              value={values[fieldName(entry, p)]}
              required={p.required}
              dir="ltr"
            />
          ))}
        <p class="hint">{t('apiDocs.tryHint')}</p>
        <button type="submit">{t('apiDocs.send', { operation: `${entry.method} ${entry.path}` })}</button>
      </form>
    </section>
  );
}

function SchemaSection({ c, name, schema }: { c: PageContext; name: string; schema: Schema }) {
  const { t } = c;
  const required = new Set(schema.required ?? []);
  return (
    <section aria-labelledby={`schema-${name}`}>
      <h3 id={`schema-${name}`}>{name}</h3>
      {schema.description ? <p lang="en">{schema.description}</p> : null}
      <div class="table-scroll">
        <table>
          <caption>{t('apiDocs.propertiesOf', { schema: name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('apiDocs.property')}</th>
              <th scope="col">{t('apiDocs.type')}</th>
              <th scope="col">{t('apiDocs.required')}</th>
              <th scope="col">{t('apiDocs.description')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(schema.properties ?? {}).map(([property, value]) => (
              <tr key={property}>
                <th scope="row">
                  <code>{property}</code>
                </th>
                <td>
                  <SchemaLink c={c} schema={value} />
                </td>
                <td>{required.has(property) ? t('apiDocs.yes') : t('apiDocs.no')}</td>
                <td lang="en">{value.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ApiDocsPage({
  c,
  doc,
  errors = {},
  values = {},
}: {
  c: PageContext;
  doc: OpenApiDocument;
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const { t } = c;
  const server = doc.servers?.[0]?.url ?? '';
  const all = entries(doc);
  return (
    <Layout c={c} title={t('apiDocs.title')} description={t('apiDocs.intro')}>
      <article class="prose api-docs">
        <h1>{t('apiDocs.title')}</h1>
        <ErrorSummary c={c} errors={errors} />
        <p class="lead">{t('apiDocs.intro')}</p>
        <p>{t('apiDocs.terms')}</p>
        <p>
          <a href="/api/openapi.json" type="application/json">
            {t('apiDocs.document')}
          </a>{' '}
          · {t('apiDocs.baseUrl')} <code dir="ltr">{server}</code>
        </p>
        <p class="hint">{t('apiDocs.referenceLanguage')}</p>
        <nav aria-label={t('apiDocs.operations')}>
          <ul>
            {all.map((entry) => (
              <li key={entry.key}>
                <a href={`#${anchor(entry.key)}`}>
                  <code>{entry.key}</code>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <h2>{t('apiDocs.operations')}</h2>
        {(doc.tags ?? []).map((tag) => {
          const tagged = all.filter((entry) => entry.operation.tags?.includes(tag.name));
          if (!tagged.length) return null;
          return (
            <section key={tag.name} aria-labelledby={`tag-${tag.name}`}>
              <h2 id={`tag-${tag.name}`} class="api-tag">
                {tag.name}
              </h2>
              {tag.description ? <p lang="en">{tag.description}</p> : null}
              {tagged.map((entry) => (
                <OperationSection
                  key={entry.key}
                  c={c}
                  entry={entry}
                  server={server}
                  errors={errors}
                  values={values}
                />
              ))}
            </section>
          );
        })}
        <h2>{t('apiDocs.schemas')}</h2>
        {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
          <SchemaSection key={name} c={c} name={name} schema={schema} />
        ))}
      </article>
    </Layout>
  );
}

/**
 * The API reference as a page: generated from the same OpenAPI document, readable without JavaScript,
 * and interactive through plain GET forms that send the request and show the JSON response.
 */
export function registerApiDocsRoutes(app: FastifyInstance): void {
  const document = () => app.swagger() as unknown as OpenApiDocument;

  app.get('/:locale/api/docs', { config: { pageCache: true } }, async (_request, reply) =>
    sendPage(reply, ApiDocsPage({ c: reply.pageContext(), doc: document() })),
  );

  app.get('/:locale/api/docs/try', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const doc = document();
    const entry = entries(doc).find((e) => e.key === query.op);
    if (!entry) return reply.redirect(`/${request.locale}/api/docs`, 303);
    const errors: FieldErrors = {};
    const search = new URLSearchParams();
    let path = entry.path;
    for (const parameter of entry.operation.parameters ?? []) {
      const value = (query[fieldName(entry, parameter)] ?? '').trim();
      if (parameter.in === 'path') {
        if (!value) errors[fieldName(entry, parameter)] = 'apiDocs.missingParameter';
        else path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
      } else if (parameter.in === 'query' && value) {
        search.set(parameter.name, value);
      }
    }
    if (Object.keys(errors).length) {
      const values = Object.fromEntries(
        Object.entries(query).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
      );
      return sendPage(reply, ApiDocsPage({ c: reply.pageContext(), doc, errors, values }), 400);
    }
    const qs = search.toString();
    return reply.redirect(qs ? `${path}?${qs}` : path, 303);
  });
}
