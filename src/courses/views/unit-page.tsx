import type { Progress } from '../../learning/learning-service.ts';
import { ExerciseBlock } from '../../learning/views/exercise-block.tsx';
import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { CourseVersion } from '../course-store.ts';
import { contentLocale, orderedUnits, pick } from '../localize.ts';
import type { Unit } from '../package/types.ts';
import { FallbackNotice } from './course-page.tsx';

interface UnitPageProps {
  c: PageContext;
  course: CourseVersion;
  unit: Unit;
  html: string;
  /** `?version=N` when an author previews an unpublished version, else ''. */
  query: string;
  /** The viewer's study state: null for visitors and previews. */
  progress: Progress | null;
  /** Problems with answers just sent, by exercise id (message keys). */
  exerciseErrors?: Record<string, string>;
  /** A fresh key per page, so a double-submitted exercise form counts once. */
  submission: string;
}

export function UnitPage({
  c,
  course,
  unit,
  html,
  query,
  progress,
  exerciseErrors = {},
  submission,
}: UnitPageProps) {
  const { t } = c;
  const { pkg } = course;
  const { locale, fallback } = contentLocale(pkg, c.locale);
  const units = orderedUnits(pkg);
  const index = units.findIndex((entry) => entry.unit.id === unit.id);
  const here = units[index]!;
  const previous = units[index - 1];
  const next = units[index + 1];
  const title = (u: Unit) => u.texts[locale]?.title ?? u.texts.en?.title ?? u.id;
  const href = (u: Unit) => c.href(`/courses/${pkg.slug}/units/${u.id}${query}`);
  const available = pkg.languages.filter((l) => unit.texts[l]);
  const enrolled = progress?.enrolled === true && !query;
  const base = `/courses/${pkg.slug}`;
  const exerciseAction = (id: string) => (enrolled ? c.href(`${base}/exercises/${id}`) : null);
  const unitDone = progress?.completedUnits.has(unit.id) ?? false;
  return (
    <Layout
      c={c}
      title={`${title(unit)} · ${pick(pkg.title, locale)}`}
      description={pick(here.module.summary, locale)}
      scripts={enrolled && unit.exercises.length ? ['js/exercises.js'] : []}
      ogType="article"
      jsonLd={{
        '@context': 'https://schema.org',
        '@type': 'LearningResource',
        name: title(unit),
        learningResourceType: unit.kind === 'case-study' ? 'case study' : 'lesson',
        inLanguage: locale,
        timeRequired: `PT${unit.minutes}M`,
        isAccessibleForFree: true,
        isPartOf: {
          '@type': 'Course',
          name: pick(pkg.title, locale),
          url: c.absolute(c.href(`/courses/${pkg.slug}`)),
        },
        teaches: here.module.principles,
      }}
    >
      <nav aria-label={t('courses.breadcrumb')} class="breadcrumb">
        <ol>
          <li>
            <a href={c.href(`/courses/${pkg.slug}${query}`)}>{pick(pkg.title, locale)}</a>
          </li>
          <li>
            <a href={c.href(`/courses/${pkg.slug}${query}#module-${here.module.id}`)}>
              {pick(here.module.title, locale)}
            </a>
          </li>
        </ol>
      </nav>
      <FallbackNotice c={c} fallback={fallback} />
      <div class="unit-layout">
        <article class="unit prose" lang={locale}>
          <h1>{title(unit)}</h1>
          <p class="meta" lang={c.locale}>
            {t('courses.minutes', { minutes: unit.minutes })} · {t('courses.availableIn')}{' '}
            {available.map((l) => t(`languages.${l}`)).join(', ')}
          </p>
          {/* Rendered from the package's Markdown and sanitized by the renderer's allow-list. */}
          <div class="unit-body" dangerouslySetInnerHTML={{ __html: html }} />
          {query ? null : (
            <StudyPanel c={c} slug={pkg.slug} unitId={unit.id} progress={progress} unitDone={unitDone} />
          )}
          {unit.exercises.length ? (
            <section class="exercises" aria-labelledby="exercises-title">
              <h2 id="exercises-title">{t('learning.exercises')}</h2>
              {unit.exercises.map((exercise, i) => (
                <ExerciseBlock
                  key={exercise.id}
                  c={c}
                  exercise={exercise}
                  locale={locale}
                  number={i + 1}
                  action={exerciseAction(exercise.id)}
                  submission={`${submission}-${i}`}
                  state={{
                    result: progress?.results.get(exercise.id),
                    reflection: progress?.reflections.get(exercise.id),
                    error: exerciseErrors[exercise.id],
                  }}
                />
              ))}
            </section>
          ) : null}
          {unit.peer && !query ? (
            <section class="peer-link" aria-labelledby="peer-title">
              <h2 id="peer-title">{t('peerReview.title')}</h2>
              <p>{t('peerReview.unitLinkBody')}</p>
              <p>
                <a class="button" href={c.href(`${base}/peer/${unit.peer.id}`)}>
                  {t('peerReview.unitLinkAction')}
                </a>
              </p>
            </section>
          ) : null}
          {here.module.glossary.length ? (
            <section class="glossary" aria-labelledby="glossary-title">
              <h2 id="glossary-title">{t('courses.glossary')}</h2>
              <dl>
                {here.module.glossary.map((g) => (
                  <div key={g.id} id={`glossary-${g.id}`}>
                    <dt>{pick(g.term, locale)}</dt>
                    <dd>{pick(g.definition, locale)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}
          <nav aria-label={t('courses.unitNav')} class="pager">
            {previous ? (
              <a href={href(previous.unit)} rel="prev">
                ← {t('courses.previous')}: {title(previous.unit)}
              </a>
            ) : (
              <span />
            )}
            {next ? (
              <a href={href(next.unit)} rel="next">
                {t('courses.next')}: {title(next.unit)} →
              </a>
            ) : null}
          </nav>
        </article>
        <nav aria-label={t('courses.outline')} class="outline">
          <h2>{t('courses.outline')}</h2>
          {progress?.enrolled ? (
            <p class="meta">{t('learning.courseProgress', { percent: Math.round(progress.unitsPercent) })}</p>
          ) : null}
          <ol>
            {pkg.modules
              .filter((m) => pkg.tracks.some((tr) => tr.modules.includes(m.id)))
              .map((module) => (
                <li key={module.id}>
                  <span class="outline-module">{pick(module.title, locale)}</span>
                  <ol>
                    {module.units.map((u) => (
                      <li key={u.id} class={progress?.completedUnits.has(u.id) ? 'done' : undefined}>
                        <a href={href(u)} aria-current={u.id === unit.id ? 'page' : undefined}>
                          {title(u)}
                        </a>
                        {progress?.completedUnits.has(u.id) ? (
                          <span class="visually-hidden"> ({t('learning.completed')})</span>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
          </ol>
        </nav>
      </div>
    </Layout>
  );
}

/** Enroll, sign in, or mark the unit complete: what the viewer can do next to keep their progress. */
function StudyPanel(props: {
  c: PageContext;
  slug: string;
  unitId: string;
  progress: Progress | null;
  unitDone: boolean;
}) {
  const { c, slug, unitId, progress, unitDone } = props;
  const { t } = c;
  const here = `/courses/${slug}/units/${unitId}`;
  if (!c.user) {
    return (
      <p class="notice study-panel">
        {t('learning.visitorNotice')}{' '}
        <a href={c.href(`/sign-in?next=${encodeURIComponent(here)}`)}>{t('layout.signIn')}</a> ·{' '}
        <a href={c.href('/register')}>{t('layout.register')}</a>
      </p>
    );
  }
  if (!progress?.enrolled) {
    return (
      <Form
        c={c}
        action={c.href(`/courses/${slug}/enroll?next=${encodeURIComponent(here)}`)}
        class="study-panel"
      >
        <p>{t('learning.enrollNotice')}</p>
        <button type="submit" class="button">
          {t('learning.enroll')}
        </button>
      </Form>
    );
  }
  return (
    <div class="study-panel">
      {progress.completedAt ? (
        <p class="notice" role="status">
          {t('learning.courseCompleted')} <a href={c.href('/learn')}>{t('learning.dashboardLink')}</a>
        </p>
      ) : null}
      {unitDone ? (
        <p class="unit-status">
          <strong>{t('learning.unitCompleted')}</strong>
        </p>
      ) : (
        <Form c={c} action={c.href(`/courses/${slug}/units/${unitId}/complete`)}>
          <button type="submit" class="button button-secondary">
            {t('learning.markComplete')}
          </button>
        </Form>
      )}
    </div>
  );
}
