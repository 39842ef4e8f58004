import { Layout } from './layout.tsx';
import type { PageContext } from './page-context.ts';

export function ErrorPage({ c, title, body }: { c: PageContext; title: string; body: string }) {
  return (
    <Layout c={c} title={title} noindex>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href={c.href('/')}>{c.t('errors.backHome')}</a>
      </p>
    </Layout>
  );
}
