import type { CourseVersion } from '../../courses/course-store.ts';
import { contentLocale, pick } from '../../courses/localize.ts';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { Progress } from '../learning-service.ts';

interface DashboardProps {
  c: PageContext;
  items: { course: CourseVersion; progress: Progress }[];
  /** Course slug → certificate id. */
  certificates: Map<string, string>;
}

function resumeUnit(course: CourseVersion, progress: Progress): string | undefined {
  const units = course.pkg.tracks
    .flatMap((t) => t.modules)
    .flatMap((id) => course.pkg.modules.find((m) => m.id === id)?.units ?? []);
  const last = units.find((u) => u.id === progress.lastUnitId);
  return (last ?? units.find((u) => !progress.completedUnits.has(u.id)) ?? units[0])?.id;
}

function CourseProgress(props: {
  c: PageContext;
  course: CourseVersion;
  progress: Progress;
  certificate?: string | undefined;
}) {
  const { c, course, progress, certificate } = props;
  const { t } = c;
  const { locale } = contentLocale(course.pkg, c.locale);
  const percent = Math.round(progress.unitsPercent);
  const resume = resumeUnit(course, progress);
  const headingId = `course-${course.slug}`;
  return (
    <li class="card">
      <h3 id={headingId} lang={locale}>
        <a href={c.href(`/courses/${course.slug}`)}>{pick(course.pkg.title, locale)}</a>
      </h3>
      <p>
        <label for={`progress-${course.slug}`}>{t('learning.courseProgress', { percent })}</label>
        <progress id={`progress-${course.slug}`} max={100} value={percent}>
          {percent}%
        </progress>
      </p>
      <p class="meta">{t('learning.averageScore', { percent: Math.round(progress.averageScorePercent) })}</p>
      {progress.completedAt ? (
        <>
          <p>
            <strong>{t('learning.completedOn', { date: c.formatDate(progress.completedAt) })}</strong>
          </p>
          {certificate ? (
            <p>
              <a class="button" href={c.href(`/certificates/${certificate}`)} aria-describedby={headingId}>
                {t('certificates.viewCertificate')}
              </a>
            </p>
          ) : null}
        </>
      ) : resume ? (
        <p>
          <a
            class="button"
            href={c.href(`/courses/${course.slug}/units/${resume}`)}
            aria-describedby={headingId}
          >
            {t(progress.lastUnitId ? 'learning.resume' : 'learning.begin')}
          </a>
        </p>
      ) : null}
    </li>
  );
}

export function DashboardPage({ c, items, certificates }: DashboardProps) {
  const { t } = c;
  const current = items.filter((i) => !i.progress.completedAt);
  const completed = items.filter((i) => i.progress.completedAt);
  return (
    <Layout c={c} title={t('learning.dashboardTitle')} noindex>
      <h1>{t('learning.dashboardTitle')}</h1>
      {items.length === 0 ? (
        <p>
          {t('learning.noCourses')} <a href={c.href('/courses')}>{t('learning.browseCourses')}</a>
        </p>
      ) : null}
      {current.length ? (
        <section aria-labelledby="current-title">
          <h2 id="current-title">{t('learning.inProgress')}</h2>
          <ul class="card-grid">
            {current.map(({ course, progress }) => (
              <CourseProgress c={c} course={course} progress={progress} key={course.slug} />
            ))}
          </ul>
        </section>
      ) : null}
      {completed.length ? (
        <section aria-labelledby="completed-title">
          <h2 id="completed-title">{t('learning.completedCourses')}</h2>
          <ul class="card-grid">
            {completed.map(({ course, progress }) => (
              <CourseProgress
                c={c}
                course={course}
                progress={progress}
                certificate={certificates.get(course.slug)}
                key={course.slug}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
