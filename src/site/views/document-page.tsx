import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';

/**
 * A plain document (privacy notice, accessibility statement, terms): its sections are message keys
 * `<doc>.sections.<n>.title|body`, so each is translated like every other string.
 */
export function DocumentPage({ c, doc, sections }: { c: PageContext; doc: string; sections: number }) {
  const { t } = c;
  return (
    <Layout c={c} title={t(`${doc}.title`)} description={t(`${doc}.intro`)}>
      <article class="prose">
        <h1>{t(`${doc}.title`)}</h1>
        <p class="lead">{t(`${doc}.intro`)}</p>
        {Array.from({ length: sections }, (_, i) => (
          <section key={i}>
            <h2>{t(`${doc}.sections.${i + 1}.title`)}</h2>
            <p>{t(`${doc}.sections.${i + 1}.body`)}</p>
          </section>
        ))}
        <p class="meta">{t('documents.version', { version: '2026-11-26' })}</p>
      </article>
    </Layout>
  );
}
