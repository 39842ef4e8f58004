import { pick } from '../../courses/localize.ts';
import type { Exercise } from '../../courses/package/types.ts';
import { Form } from '../../platform/views/form.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { Answer } from '../grading.ts';
import { displayOrder } from '../grading.ts';
import type { ExerciseResult } from '../learning-service.ts';

export interface ExerciseState {
  /** The learner's stored result, if they answered before. */
  result?: ExerciseResult;
  /** The saved text of a reflection. */
  reflection?: string;
  /** Message key of a problem with the answer just sent. */
  error?: string;
}

interface BlockProps {
  c: PageContext;
  exercise: Exercise;
  locale: string;
  number: number;
  state: ExerciseState;
  /** Where the form posts; null when the viewer cannot answer (not signed in or not enrolled). */
  action: string | null;
  /** A fresh key per rendered form, so a double-submitted form counts once. */
  submission: string;
}

function verdictKey(score: number): string {
  return score >= 1 ? 'learning.correct' : score > 0 ? 'learning.partlyCorrect' : 'learning.incorrect';
}

/** What the learner sees after answering: verdict, feedback on what they chose, and the explanation. */
export function ExerciseResultView({
  c,
  exercise,
  locale,
  result,
}: {
  c: PageContext;
  exercise: Exercise;
  locale: string;
  result: ExerciseResult;
}) {
  const { t } = c;
  const answer = result.lastAnswer as Answer;
  const chosen = answer.kind === 'choice' ? answer.selected : [];
  const feedback = (exercise.options ?? []).filter((o) => chosen.includes(o.id) && o.feedback);
  return (
    <div class={`exercise-result ${result.lastScore >= 1 ? 'is-correct' : 'is-wrong'}`}>
      <p class="verdict">
        <strong>{t(verdictKey(result.lastScore))}</strong>{' '}
        {t('learning.scoreLine', {
          score: Math.round(result.lastScore * 100),
          best: Math.round(result.bestScore * 100),
          attempts: result.attempts,
        })}
      </p>
      {feedback.length ? (
        <ul class="feedback">
          {feedback.map((o) => (
            <li key={o.id}>
              <span class="feedback-option">{pick(o.text, locale)}</span>: {pick(o.feedback, locale)}
            </li>
          ))}
        </ul>
      ) : null}
      {exercise.explanation ? (
        <div class="explanation">
          <p class="explanation-title">{t('learning.explanation')}</p>
          <p>{pick(exercise.explanation, locale)}</p>
        </div>
      ) : null}
    </div>
  );
}

function Inputs({
  c,
  exercise,
  locale,
  last,
}: {
  c: PageContext;
  exercise: Exercise;
  locale: string;
  last?: Answer;
}) {
  const { t } = c;
  const id = (suffix: string) => `ex-${exercise.id}-${suffix}`;
  const chosen = last?.kind === 'choice' ? last.selected : [];
  switch (exercise.type) {
    case 'single':
    case 'multiple': {
      const type = exercise.type === 'single' ? 'radio' : 'checkbox';
      return (
        <>
          {(exercise.options ?? []).map((o) => (
            <div class="choice" key={o.id}>
              <input type={type} id={id(o.id)} name="option" value={o.id} checked={chosen.includes(o.id)} />
              <label for={id(o.id)}>{pick(o.text, locale)}</label>
            </div>
          ))}
        </>
      );
    }
    case 'truefalse': {
      const value = last?.kind === 'boolean' ? last.value : undefined;
      return (
        <>
          {[true, false].map((v) => (
            <div class="choice" key={String(v)}>
              <input type="radio" id={id(String(v))} name="value" value={String(v)} checked={value === v} />
              <label for={id(String(v))}>{t(v ? 'learning.true' : 'learning.false')}</label>
            </div>
          ))}
        </>
      );
    }
    case 'ordering': {
      const options = displayOrder(exercise.id, exercise.options ?? []);
      const positions = last?.kind === 'order' ? last.positions : {};
      return (
        <>
          <p class="hint">{t('learning.orderingHint')}</p>
          {options.map((o) => (
            <div class="order-item" key={o.id}>
              <label for={id(o.id)}>{pick(o.text, locale)}</label>
              <select id={id(o.id)} name={`position-${o.id}`}>
                <option value="">{t('learning.position')}</option>
                {options.map((_, i) => (
                  <option value={String(i + 1)} selected={positions[o.id] === i + 1} key={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </>
      );
    }
    default: {
      const value = last?.kind === 'text' ? last.value : '';
      return (
        <div class="field">
          <label for={id('value')}>
            {t(exercise.type === 'numeric' ? 'learning.numberAnswer' : 'learning.textAnswer')}
          </label>
          <input
            id={id('value')}
            name="value"
            type="text"
            inputMode={exercise.type === 'numeric' ? 'decimal' : undefined}
            value={value}
            maxLength={2000}
            dir="auto"
            autocomplete="off"
          />
        </div>
      );
    }
  }
}

export function ExerciseBlock({ c, exercise, locale, number, state, action, submission }: BlockProps) {
  const { t } = c;
  const headingId = `ex-${exercise.id}-title`;
  const exhausted = exercise.attempts > 0 && (state.result?.attempts ?? 0) >= exercise.attempts;
  const isReflection = exercise.type === 'reflection';
  const body = (
    <>
      {isReflection ? (
        <div class="field">
          <label for={`ex-${exercise.id}-text`}>{t('learning.yourReflection')}</label>
          {exercise.guidance ? <p class="hint">{pick(exercise.guidance, locale)}</p> : null}
          <textarea id={`ex-${exercise.id}-text`} name="text" rows={6} maxLength={10000} dir="auto">
            {state.reflection ?? ''}
          </textarea>
        </div>
      ) : (
        <fieldset disabled={!action || exhausted}>
          <legend class="visually-hidden">{pick(exercise.prompt, locale)}</legend>
          <Inputs
            c={c}
            exercise={exercise}
            locale={locale}
            last={state.result?.lastAnswer as Answer | undefined}
          />
        </fieldset>
      )}
      {state.error ? (
        <p class="field-error" role="alert">
          {t(state.error)}
        </p>
      ) : null}
      {action && !exhausted ? (
        <>
          <input type="hidden" name="submission" value={submission} />
          <button type="submit" class="button">
            {t(
              isReflection
                ? 'learning.saveReflection'
                : state.result
                  ? 'learning.tryAgain'
                  : 'learning.check',
            )}
          </button>
          {exercise.attempts > 0 && !isReflection ? (
            <p class="hint">
              {t('learning.attemptsLeft', { count: exercise.attempts - (state.result?.attempts ?? 0) })}
            </p>
          ) : null}
        </>
      ) : null}
      {exhausted ? <p class="hint">{t('learning.noAttemptsLeft')}</p> : null}
    </>
  );
  return (
    <section class="exercise card" id={`exercise-${exercise.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t(isReflection ? 'learning.reflectionNumber' : 'learning.exerciseNumber', { number })}
      </h3>
      <p class="prompt">{pick(exercise.prompt, locale)}</p>
      {action ? (
        <Form c={c} action={action} class="exercise-form" label={t('learning.exerciseNumber', { number })}>
          {body}
        </Form>
      ) : (
        body
      )}
      <div class="exercise-result-region" aria-live="polite">
        {state.result && !isReflection ? (
          <ExerciseResultView c={c} exercise={exercise} locale={locale} result={state.result} />
        ) : null}
        {isReflection && state.reflection ? <p class="notice">{t('learning.reflectionSaved')}</p> : null}
      </div>
    </section>
  );
}
