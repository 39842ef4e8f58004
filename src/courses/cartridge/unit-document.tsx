/**
 * One unit as a complete, standalone HTML document for the cartridge's web content: the unit's
 * rendered (already sanitized) Markdown, its exercises that are not in the unit's quiz (ordering, which
 * CC 1.1 has no question type for) described in words with a link to answer them on Praxis, the
 * glossary terms it uses, and relative links to the previous and next unit. No scripts and no styles,
 * so any learning platform can show it as it is. The markup is also well-formed XML.
 */
import { renderToString } from 'preact-render-to-string';
import type { Translate } from '../../platform/i18n/messages.ts';
import { pick } from '../localize.ts';
import type { Exercise } from '../package/types.ts';
import { hasQtiProfile } from './qti.ts';

export interface UnitDocumentProps {
  t: Translate;
  /** The content language (a BCP 47 tag) and its writing direction. */
  lang: string;
  dir: 'ltr' | 'rtl';
  courseTitle: string;
  moduleTitle: string;
  title: string;
  minutes: number;
  /** The unit's sanitized HTML (renderMarkdown). */
  html: string;
  exercises: Exercise[];
  /** Title of the unit's quiz in the cartridge, when it has exercises the quiz can hold. */
  quizTitle: string | null;
  /** Glossary entries the unit links to, in the order of first use. */
  glossary: { id: string; term: string; definition: string }[];
  previous: { href: string; title: string } | null;
  next: { href: string; title: string } | null;
  licence: { name: string; url: string | null };
  /** The unit on the platform, where its other exercises are answered. */
  onlineUrl: string;
}

/** Ordering options are stored in the right order, so the description lists them in another, fixed one. */
function shuffled<T extends { id: string }>(options: T[]): T[] {
  const sorted = [...options].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const same = sorted.every((option, i) => option.id === options[i]?.id);
  return same && sorted.length > 1 ? [...sorted.slice(1), sorted[0]!] : sorted;
}

function DescribedExercise({
  t,
  exercise,
  lang,
  onlineUrl,
}: {
  t: Translate;
  exercise: Exercise;
  lang: string;
  onlineUrl: string;
}) {
  return (
    <li id={`exercise-${exercise.id}`}>
      <p>
        <strong>{t(`cartridge.types.${exercise.type}`)}</strong>
      </p>
      <p>{pick(exercise.prompt, lang)}</p>
      {exercise.type === 'ordering' ? (
        <ul>
          {shuffled(exercise.options ?? []).map((option) => (
            <li key={option.id}>{pick(option.text, lang)}</li>
          ))}
        </ul>
      ) : null}
      {exercise.guidance ? (
        <p>
          {t('cartridge.guidance')}: {pick(exercise.guidance, lang)}
        </p>
      ) : null}
      <p>
        <a href={onlineUrl}>{t('cartridge.answerOnline')}</a>
      </p>
    </li>
  );
}

export function UnitDocument(props: UnitDocumentProps) {
  const { t, lang, dir, exercises, glossary } = props;
  const described = exercises.filter((exercise) => !hasQtiProfile(exercise));
  return (
    <html lang={lang} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.courseTitle}`}</title>
      </head>
      <body>
        <header>
          <p>{t('cartridge.partOf', { course: props.courseTitle, module: props.moduleTitle })}</p>
        </header>
        <main>
          <h1>{props.title}</h1>
          <p>{t('courses.minutes', { minutes: props.minutes })}</p>
          <div class="unit-content" dangerouslySetInnerHTML={{ __html: props.html }} />
          {props.quizTitle || described.length ? (
            <section id="exercises" aria-labelledby="exercises-title">
              <h2 id="exercises-title">{t('cartridge.exercises')}</h2>
              {props.quizTitle ? (
                <p>
                  {t(described.length ? 'cartridge.inQuizExceptBelow' : 'cartridge.inQuiz', {
                    quiz: props.quizTitle,
                  })}
                </p>
              ) : null}
              {described.length ? (
                <ol>
                  {described.map((exercise) => (
                    <DescribedExercise
                      key={exercise.id}
                      t={t}
                      exercise={exercise}
                      lang={lang}
                      onlineUrl={props.onlineUrl}
                    />
                  ))}
                </ol>
              ) : null}
            </section>
          ) : null}
          {glossary.length ? (
            <section id="glossary" aria-labelledby="glossary-title">
              <h2 id="glossary-title">{t('cartridge.glossary')}</h2>
              <dl>
                {glossary.map((entry) => (
                  <div key={entry.id}>
                    <dt id={`glossary-${entry.id}`}>{entry.term}</dt>
                    <dd>{entry.definition}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}
        </main>
        <footer>
          {props.previous || props.next ? (
            <nav aria-label={t('courses.unitNav')}>
              <ul>
                {props.previous ? (
                  <li>
                    {t('courses.previous')}:{' '}
                    <a href={props.previous.href} rel="prev">
                      {props.previous.title}
                    </a>
                  </li>
                ) : null}
                {props.next ? (
                  <li>
                    {t('courses.next')}:{' '}
                    <a href={props.next.href} rel="next">
                      {props.next.title}
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
          <p>
            {props.licence.url ? (
              <a href={props.licence.url} rel="license">
                {t('cartridge.licence', { licence: props.licence.name })}
              </a>
            ) : (
              t('cartridge.licence', { licence: props.licence.name })
            )}{' '}
            · <a href={props.onlineUrl}>{t('cartridge.original')}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/**
 * The sanitizer writes HTML's bare boolean attributes (`<video controls>`, `<track default>`); giving
 * them their own name as value keeps the document well-formed XML as well as HTML, for importers
 * that read web content with an XML parser. Attribute values are escaped, so no `>` is inside a tag.
 */
function polyglot(html: string): string {
  return html.replace(/<(video|track)\b([^>]*)>/g, (_tag, name: string, attributes: string) => {
    const fixed = attributes.replace(/(\s)(controls|default)(?=[\s/]|$)/g, '$1$2="$2"');
    return `<${name}${fixed}>`;
  });
}

export function unitDocument(props: UnitDocumentProps): string {
  const page = <UnitDocument {...props} html={polyglot(props.html)} />;
  return `<!DOCTYPE html>\n${renderToString(page)}\n`;
}
