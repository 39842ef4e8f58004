import { checked, list, text } from '../platform/http/form-body.ts';
import { isLocale, LOCALES } from '../platform/i18n/locales.ts';
import type { FieldErrors } from '../platform/views/form.tsx';
import { type CallInput, type Criterion, type FaqEntry, PRACTICE_TYPES, STAKEHOLDER_TYPES } from './calls.ts';
import type { Localized } from './localized.ts';
import { isTimeZone, utcToZoned, zonedToUtc } from './zoned-time.ts';

/** How many rubric rows the form offers; empty rows are ignored. */
export const RUBRIC_ROWS = 6;

/** The call form as the admin typed it, so it can be shown again with its errors. */
export type CallFormValues = Record<string, string | string[] | boolean>;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function localized(body: unknown, name: string): Localized {
  const out: Localized = {};
  for (const locale of LOCALES) {
    const value = text(body, `${name}_${locale}`).trim();
    if (value) out[locale] = value;
  }
  return out;
}

/** FAQ text: entries separated by a blank line; the first line of each is the question. */
export function parseFaq(source: string): FaqEntry[] {
  return source
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const [question = '', ...answer] = block.split(/\r?\n/);
      return { question: question.trim(), answer: answer.join('\n').trim() };
    });
}

export function formatFaq(entries: FaqEntry[] = []): string {
  return entries.map((e) => `${e.question}\n${e.answer}`).join('\n\n');
}

function criterionId(label: string, index: number): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || `criterion-${index + 1}`;
}

export function readCallForm(body: unknown): {
  input: CallInput | null;
  values: CallFormValues;
  errors: FieldErrors;
} {
  const values: CallFormValues = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key !== '_csrf' && (typeof value === 'string' || Array.isArray(value)))
      values[key] = value as string | string[];
  }
  const errors: FieldErrors = {};
  const slug = text(body, 'slug').trim();
  if (!SLUG.test(slug) || slug.length > 80) errors.slug = 'calls.errors.slug';
  const title = localized(body, 'title');
  if (!title.en) errors.title_en = 'calls.errors.titleRequired';
  const description = localized(body, 'description');
  if (!description.en) errors.description_en = 'calls.errors.descriptionRequired';
  const guidance = localized(body, 'guidance');
  const faq: Record<string, FaqEntry[]> = {};
  for (const locale of LOCALES) {
    const entries = parseFaq(text(body, `faq_${locale}`));
    if (entries.length) faq[locale] = entries;
  }
  const timeZone = text(body, 'time_zone');
  if (!isTimeZone(timeZone)) errors.time_zone = 'calls.errors.timeZone';
  const opens = zonedToUtc(text(body, 'opens_at'), timeZone);
  const closes = zonedToUtc(text(body, 'closes_at'), timeZone);
  if (!opens) errors.opens_at = 'calls.errors.dateTime';
  if (!closes) errors.closes_at = 'calls.errors.dateTime';
  else if (opens && closes <= opens) errors.closes_at = 'calls.errors.closesBeforeOpens';
  const practiceTypes = list(body, 'practice_types').filter((t) => PRACTICE_TYPES.includes(t));
  if (!practiceTypes.length) errors.practice_types = 'calls.errors.chooseOne';
  const stakeholderTypes = list(body, 'stakeholder_types').filter((t) => STAKEHOLDER_TYPES.includes(t));
  if (!stakeholderTypes.length) errors.stakeholder_types = 'calls.errors.chooseOne';
  const languages = list(body, 'languages').filter(isLocale);
  if (!languages.length) errors.languages = 'calls.errors.chooseOne';

  const rubric: Criterion[] = [];
  for (let i = 0; i < RUBRIC_ROWS; i++) {
    const label = localized(body, `criterion_${i}_label`);
    if (!Object.keys(label).length) continue;
    if (!label.en) errors[`criterion_${i}_label_en`] = 'calls.errors.criterionLabel';
    const scale = Number(text(body, `criterion_${i}_scale`));
    const weight = Number(text(body, `criterion_${i}_weight`));
    if (!Number.isInteger(scale) || scale < 2 || scale > 10)
      errors[`criterion_${i}_scale`] = 'calls.errors.scale';
    if (!Number.isFinite(weight) || weight <= 0 || weight > 10)
      errors[`criterion_${i}_weight`] = 'calls.errors.weight';
    const id = criterionId(label.en ?? '', i);
    rubric.push({
      id: rubric.some((c) => c.id === id) ? `${id}-${i + 1}` : id,
      label,
      scale,
      weight,
      required: checked(body, `criterion_${i}_required`),
    });
  }
  if (!rubric.length) errors.criterion_0_label_en = 'calls.errors.rubricRequired';

  const reviewersPerCase = Number(text(body, 'reviewers_per_case'));
  if (!Number.isInteger(reviewersPerCase) || reviewersPerCase < 1 || reviewersPerCase > 10)
    errors.reviewers_per_case = 'calls.errors.reviewersPerCase';
  const blindMode = text(body, 'blind_mode');
  if (blindMode !== 'single' && blindMode !== 'double') errors.blind_mode = 'calls.errors.chooseOne';
  const summaryWordLimit = Number(text(body, 'summary_word_limit'));
  if (!Number.isInteger(summaryWordLimit) || summaryWordLimit < 50 || summaryWordLimit > 2000)
    errors.summary_word_limit = 'calls.errors.wordLimit';

  if (Object.keys(errors).length) return { input: null, values, errors };
  return {
    values,
    errors,
    input: {
      slug,
      title,
      description,
      guidance,
      faq,
      opensAt: opens!.toISOString(),
      closesAt: closes!.toISOString(),
      timeZone,
      practiceTypes,
      stakeholderTypes,
      languages,
      rubric,
      reviewersPerCase,
      blindMode: blindMode as 'single' | 'double',
      summaryWordLimit,
    },
  };
}

/** A stored call as form values, for the edit form. */
export function callFormValues(call: CallInput): CallFormValues {
  const values: CallFormValues = {
    slug: call.slug,
    time_zone: call.timeZone,
    opens_at: utcToZoned(call.opensAt, call.timeZone),
    closes_at: utcToZoned(call.closesAt, call.timeZone),
    practice_types: call.practiceTypes,
    stakeholder_types: call.stakeholderTypes,
    languages: call.languages,
    reviewers_per_case: String(call.reviewersPerCase),
    blind_mode: call.blindMode,
    summary_word_limit: String(call.summaryWordLimit),
  };
  for (const locale of LOCALES) {
    values[`title_${locale}`] = call.title[locale] ?? '';
    values[`description_${locale}`] = call.description[locale] ?? '';
    values[`guidance_${locale}`] = call.guidance[locale] ?? '';
    values[`faq_${locale}`] = formatFaq(call.faq[locale]);
  }
  call.rubric.forEach((criterion, i) => {
    for (const locale of LOCALES) values[`criterion_${i}_label_${locale}`] = criterion.label[locale] ?? '';
    values[`criterion_${i}_scale`] = String(criterion.scale);
    values[`criterion_${i}_weight`] = String(criterion.weight);
    values[`criterion_${i}_required`] = criterion.required;
  });
  return values;
}
