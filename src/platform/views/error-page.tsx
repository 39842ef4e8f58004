import { Layout } from './layout.tsx';
import type { PageContext } from './page-context.ts';

export function ErrorPage({
  c,
  title,
  body,
  reference,
  kept,
}: {
  c: PageContext;
  title: string;
  body: string;
  /** The request id of a failure, so the person can quote it when reporting the problem. */
  reference?: string;
  /** What the person had entered, shown back when it could not be saved. */
  kept?: string;
}) {
  return (
    <Layout c={c} title={title} noindex>
      <h1>{title}</h1>
      <p>{body}</p>
      {kept ? (
        <div class="stack">
          <label for="kept-input">{c.t('errors.keptInput')}</label>
          <textarea id="kept-input" readonly rows={Math.min(12, kept.split('\n').length + 1)}>
            {kept}
          </textarea>
        </div>
      ) : null}
      {reference ? (
        <p>
          {c.t('errors.reference')} <code>{reference}</code>
        </p>
      ) : null}
      <p>
        <a href={c.href('/')}>{c.t('errors.backHome')}</a>
      </p>
    </Layout>
  );
}
