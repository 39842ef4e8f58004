import taxonomy from '../courses/package/taxonomy.json' with { type: 'json' };
import { list, text } from '../platform/http/form-body.ts';
import { isCountryCode } from '../platform/i18n/countries.ts';
import type { FieldErrors } from '../platform/views/form.tsx';
import type { Call } from './calls.ts';

export const SECTORS = [
  'public-administration',
  'health',
  'education',
  'finance',
  'employment',
  'justice-security',
  'transport',
  'media-culture',
  'agriculture-environment',
  'technology',
  'other',
] as const;
export const LIFECYCLE_STAGES = [
  'research-design',
  'data',
  'development',
  'deployment',
  'monitoring',
  'retirement',
  'whole-lifecycle',
] as const;
export const VALUE_SLUGS = taxonomy.recommendation.values.map((v) => v.slug);
export const PRINCIPLE_SLUGS = taxonomy.recommendation.principles.map((v) => v.slug);
export const POLICY_AREA_SLUGS = taxonomy.recommendation.policyAreas.map((v) => v.slug);

export const LIMITS = { title: 200, organisation: 200, section: 10_000, links: 10, coauthors: 10 };

export interface SubmissionFields {
  language: string;
  title: string;
  summary: string;
  practiceType: string;
  stakeholderType: string;
  organisation: string;
  country: string;
  sector: string;
  lifecycleStage: string;
  values: string[];
  principles: string[];
  policyAreas: string[];
  what: string;
  how: string;
  results: string;
  challenges: string;
  adoption: string;
  links: string[];
  coauthors: string[];
  consentPublish: boolean;
}

export const TEXT_SECTIONS = ['what', 'how', 'results', 'challenges', 'adoption'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Counts words the way readers of any script would: Intl.Segmenter knows Korean, Chinese and Arabic. */
export function wordCount(value: string): number {
  let n = 0;
  for (const segment of new Intl.Segmenter('und', { granularity: 'word' }).segment(value)) {
    if (segment.isWordLike) n++;
  }
  return n;
}

/** The organisation's name reduced to what identifies it, for spotting conflicts of interest. */
export function organisationKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(the|inc|ltd|llc|gmbh|corp|corporation|co|company|plc|sa|ag|bv|foundation)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function readSubmissionFields(body: unknown): SubmissionFields {
  return {
    language: text(body, 'language'),
    title: text(body, 'title').trim(),
    summary: text(body, 'summary').trim(),
    practiceType: text(body, 'practice_type'),
    stakeholderType: text(body, 'stakeholder_type'),
    organisation: text(body, 'organisation').trim(),
    country: text(body, 'country'),
    sector: text(body, 'sector'),
    lifecycleStage: text(body, 'lifecycle_stage'),
    values: list(body, 'values').filter((v) => VALUE_SLUGS.includes(v)),
    principles: list(body, 'principles').filter((v) => PRINCIPLE_SLUGS.includes(v)),
    policyAreas: list(body, 'policy_areas').filter((v) => POLICY_AREA_SLUGS.includes(v)),
    what: text(body, 'what').trim(),
    how: text(body, 'how').trim(),
    results: text(body, 'results').trim(),
    challenges: text(body, 'challenges').trim(),
    adoption: text(body, 'adoption').trim(),
    links: lines(text(body, 'links')),
    coauthors: [...new Set(lines(text(body, 'coauthors')).map((e) => e.toLowerCase()))],
    consentPublish: text(body, 'consent_publish') !== '',
  };
}

/**
 * Checks the fields. A draft only has to be well-formed (so nothing typed is ever lost to a
 * validation rule); a submission also has to be complete.
 */
export function validateSubmission(
  fields: SubmissionFields,
  call: Call,
  mode: 'draft' | 'submit',
): FieldErrors {
  const errors: FieldErrors = {};
  const complete = mode === 'submit';
  if (!fields.title) errors.title = 'submissions.errors.titleRequired';
  else if (fields.title.length > LIMITS.title) errors.title = 'submissions.errors.tooLong';
  if (!call.languages.includes(fields.language)) errors.language = 'submissions.errors.language';
  const words = wordCount(fields.summary);
  if (words > call.summaryWordLimit) errors.summary = 'submissions.errors.summaryTooLong';
  else if (complete && !fields.summary) errors.summary = 'submissions.errors.required';
  if (fields.practiceType ? !call.practiceTypes.includes(fields.practiceType) : complete)
    errors.practice_type = 'submissions.errors.choose';
  if (fields.stakeholderType ? !call.stakeholderTypes.includes(fields.stakeholderType) : complete)
    errors.stakeholder_type = 'submissions.errors.choose';
  if (fields.organisation.length > LIMITS.organisation) errors.organisation = 'submissions.errors.tooLong';
  else if (complete && !fields.organisation) errors.organisation = 'submissions.errors.required';
  if (fields.country ? !isCountryCode(fields.country) : complete)
    errors.country = 'submissions.errors.choose';
  if (fields.sector ? !(SECTORS as readonly string[]).includes(fields.sector) : complete)
    errors.sector = 'submissions.errors.choose';
  if (
    fields.lifecycleStage
      ? !(LIFECYCLE_STAGES as readonly string[]).includes(fields.lifecycleStage)
      : complete
  ) {
    errors.lifecycle_stage = 'submissions.errors.choose';
  }
  if (complete && !fields.principles.length) errors.principles = 'submissions.errors.principles';
  for (const section of TEXT_SECTIONS) {
    if (fields[section].length > LIMITS.section) errors[section] = 'submissions.errors.tooLong';
    else if (complete && !fields[section]) errors[section] = 'submissions.errors.required';
  }
  if (
    fields.links.length > LIMITS.links ||
    fields.links.some((l) => !/^https?:\/\/[^\s]+$/.test(l) || l.length > 500)
  ) {
    errors.links = 'submissions.errors.links';
  }
  if (
    fields.coauthors.length > LIMITS.coauthors ||
    fields.coauthors.some((e) => !EMAIL.test(e) || e.length > 254)
  ) {
    errors.coauthors = 'submissions.errors.coauthors';
  }
  if (complete && !fields.consentPublish) errors.consent_publish = 'submissions.errors.consent';
  return errors;
}
