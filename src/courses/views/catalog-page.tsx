import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { CourseVersion } from '../course-store.ts';
import { contentLocale, pick } from '../localize.ts';

export function CourseCard({ c, course }: { c: PageContext; course: CourseVersion }) {
  const { t } = c;
  const { pkg } = course;
  const { locale } = contentLocale(pkg, c.locale);
  return (
    <article class="card course-card" lang={locale}>
      <h3>
        <a href={c.href(`/courses/${pkg.slug}`)}>{pick(pkg.title, locale)}</a>
      </h3>
      <p>{pick(pkg.summary, locale)}</p>
      <ul class="facts" lang={c.locale}>
        <li>{t('courses.hours', { hours: pkg.hours })}</li>
        <li>{t(`courses.levels.${pkg.level}`)}</li>
        <li>{t('courses.modulesCount', { count: pkg.modules.length })}</li>
        <li>{pkg.languages.map((l) => t(`languages.${l}`)).join(', ')}</li>
      </ul>
    </article>
  );
}

export function CatalogPage({ c, courses }: { c: PageContext; courses: CourseVersion[] }) {
  const { t } = c;
  return (
    <Layout c={c} title={t('courses.catalogTitle')} description={t('courses.catalogIntro')}>
      <h1>{t('courses.catalogTitle')}</h1>
      <p class="lead">{t('courses.catalogIntro')}</p>
      {courses.length === 0 ? <p>{t('courses.none')}</p> : null}
      <div class="card-grid">
        {courses.map((course) => (
          <CourseCard c={c} course={course} key={course.slug} />
        ))}
      </div>
    </Layout>
  );
}
