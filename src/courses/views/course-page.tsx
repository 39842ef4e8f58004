import type { Progress } from '../../learning/learning-service.ts';
import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { CartridgeLinks } from '../cartridge/cartridge-links.tsx';
import type { CourseVersion } from '../course-store.ts';
import { contentLocale, pick, pickList } from '../localize.ts';

const LICENCE_URLS: Record<string, string> = {
  'CC-BY-SA-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
};

export function FallbackNotice({ c, fallback }: { c: PageContext; fallback: boolean }) {
  return fallback ? (
    <p class="notice" role="note">
      {c.t('courses.fallbackNotice', { language: c.t(`languages.${c.locale}`) })}
    </p>
  ) : null;
}

interface CoursePageProps {
  c: PageContext;
  course: CourseVersion;
  preview: boolean;
  /** The viewer's study state, when signed in. */
  progress: Progress | null;
}

export function CoursePage({ c, course, preview, progress }: CoursePageProps) {
  const { t } = c;
  const { pkg } = course;
  const { locale, fallback } = contentLocale(pkg, c.locale);
  const modules = new Map(pkg.modules.map((m) => [m.id, m]));
  const firstUnit = pkg.tracks[0] ? modules.get(pkg.tracks[0].modules[0] ?? '')?.units[0] : undefined;
  const unitHref = (unitId: string) =>
    c.href(`/courses/${pkg.slug}/units/${unitId}${preview ? `?version=${course.number}` : ''}`);
  return (
    <Layout
      c={c}
      title={pick(pkg.title, locale)}
      description={pick(pkg.summary, locale)}
      jsonLd={{
        '@context': 'https://schema.org',
        '@type': 'Course',
        name: pick(pkg.title, locale),
        description: pick(pkg.summary, locale),
        url: c.absolute(c.href(`/courses/${pkg.slug}`)),
        inLanguage: pkg.languages,
        isAccessibleForFree: true,
        license: LICENCE_URLS[pkg.licence] ?? pkg.licence,
        timeRequired: `PT${pkg.hours}H`,
        educationalLevel: pkg.level,
        provider: { '@type': 'Organization', name: c.operatorName, url: c.absolute('/') },
        hasCourseInstance: {
          '@type': 'CourseInstance',
          courseMode: 'online',
          courseWorkload: `PT${pkg.hours}H`,
        },
      }}
    >
      {preview ? (
        <p class="notice" role="note">
          {t('courses.previewNotice', { version: course.number })}
        </p>
      ) : null}
      <FallbackNotice c={c} fallback={fallback} />
      <article lang={locale}>
        <h1>{pick(pkg.title, locale)}</h1>
        <p class="lead">{pick(pkg.summary, locale)}</p>
        {firstUnit ? (
          <div class="course-actions" lang={c.locale}>
            {progress?.enrolled ? (
              <>
                <p>
                  <label for="course-progress">
                    {t('learning.courseProgress', { percent: Math.round(progress.unitsPercent) })}
                  </label>{' '}
                  <progress id="course-progress" max={100} value={Math.round(progress.unitsPercent)}>
                    {Math.round(progress.unitsPercent)}%
                  </progress>
                </p>
                <p>
                  <a class="button" href={unitHref(progress.lastUnitId ?? firstUnit.id)}>
                    {t(progress.lastUnitId ? 'learning.resume' : 'learning.begin')}
                  </a>
                </p>
              </>
            ) : c.user && !preview ? (
              <Form c={c} action={c.href(`/courses/${pkg.slug}/enroll`)}>
                <button type="submit" class="button">
                  {t('learning.enrollFree')}
                </button>
              </Form>
            ) : (
              <p>
                <a class="button" href={unitHref(firstUnit.id)}>
                  {t('courses.start')}
                </a>{' '}
                {preview ? null : <a href={c.href('/register')}>{t('learning.registerToEnroll')}</a>}
              </p>
            )}
          </div>
        ) : null}
        <dl class="course-facts" lang={c.locale}>
          <dt>{t('courses.audience')}</dt>
          <dd lang={locale}>{pick(pkg.audience, locale)}</dd>
          <dt>{t('courses.duration')}</dt>
          <dd>{t('courses.hours', { hours: pkg.hours })}</dd>
          <dt>{t('courses.level')}</dt>
          <dd>{t(`courses.levels.${pkg.level}`)}</dd>
          <dt>{t('courses.languages')}</dt>
          <dd>{pkg.languages.map((l) => t(`languages.${l}`)).join(', ')}</dd>
          <dt>{t('courses.licence')}</dt>
          <dd>
            {LICENCE_URLS[pkg.licence] ? (
              <a href={LICENCE_URLS[pkg.licence]} rel="license">
                {pkg.licence}
              </a>
            ) : (
              pkg.licence
            )}
          </dd>
          <dt>{t('courses.price')}</dt>
          <dd>{t('courses.free')}</dd>
        </dl>
        <h2>{t('courses.outcomes')}</h2>
        <ul>
          {pickList(pkg.outcomes, locale).map((outcome) => (
            <li key={outcome}>{outcome}</li>
          ))}
        </ul>
        <h2>{t('courses.syllabus')}</h2>
        {pkg.tracks.map((track, ti) => (
          <section class="track" key={track.id} aria-labelledby={`track-${track.id}`}>
            <h3 id={`track-${track.id}`}>
              {t('courses.trackNumber', { number: ti + 1 })} {pick(track.title, locale)}
            </h3>
            <ol class="module-list">
              {track.modules.map((moduleId) => {
                const module = modules.get(moduleId);
                if (!module) return null;
                return (
                  <li key={module.id} id={`module-${module.id}`}>
                    <h4>{pick(module.title, locale)}</h4>
                    <p>{pick(module.summary, locale)}</p>
                    <ol class="unit-list">
                      {module.units.map((unit) => (
                        <li key={unit.id} class={progress?.completedUnits.has(unit.id) ? 'done' : undefined}>
                          <a href={unitHref(unit.id)}>{unit.texts[locale]?.title ?? unit.texts.en?.title}</a>{' '}
                          <span class="meta">
                            {t('courses.minutes', { minutes: unit.minutes })}
                            {progress?.completedUnits.has(unit.id) ? ` · ${t('learning.completed')}` : ''}
                          </span>
                        </li>
                      ))}
                    </ol>
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
        <CartridgeLinks c={c} course={course} preview={preview} />
      </article>
    </Layout>
  );
}
