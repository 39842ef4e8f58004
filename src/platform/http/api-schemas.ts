/**
 * JSON Schemas shared by the public read API's routes. Fastify validates requests and serializes
 * responses with them, and the OpenAPI document at /api/openapi.json is generated from them, so the
 * documentation cannot drift from what the server does.
 */

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'A failure, with a message in the language the client asked for.',
  properties: {
    error: { type: 'string', description: 'A stable code: badRequest, notFound, tooManyRequests…' },
    message: { type: 'string' },
    detail: { type: 'string', description: 'For invalid requests: which parameter and why.' },
  },
  required: ['error', 'message'],
} as const;

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;

export const courseSummarySchema = {
  $id: 'CourseSummary',
  type: 'object',
  properties: {
    slug: { type: 'string', description: 'Stable identifier, used in URLs.' },
    version: { type: 'integer', description: 'The published version number.' },
    title: str,
    summary: str,
    languages: { ...strings, description: 'Languages the course is written in (BCP 47).' },
    licence: { type: 'string', description: 'SPDX identifier of the content licence.' },
    hours: { type: 'number', description: 'Estimated study time.' },
    level: { type: 'string', enum: ['introductory', 'intermediate', 'advanced'] },
  },
  required: ['slug', 'version', 'title', 'summary', 'languages', 'licence', 'hours', 'level'],
} as const;

export const courseSchema = {
  $id: 'Course',
  type: 'object',
  description: 'A course with its syllabus: tracks, modules and units, with UNESCO taxonomy slugs.',
  properties: {
    ...courseSummarySchema.properties,
    audience: str,
    outcomes: strings,
    tracks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: str,
          title: str,
          modules: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: str,
                title: str,
                principles: strings,
                values: strings,
                policyAreas: strings,
                units: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { id: str, title: str, minutes: { type: 'integer' } },
                    required: ['id', 'title', 'minutes'],
                  },
                },
              },
              required: ['id', 'title', 'principles', 'values', 'policyAreas', 'units'],
            },
          },
        },
        required: ['id', 'title', 'modules'],
      },
    },
  },
  required: [...courseSummarySchema.required, 'audience', 'outcomes', 'tracks'],
} as const;

export const caseSchema = {
  $id: 'Case',
  type: 'object',
  description: 'A practice case selected by the expert advisory group and published in the library.',
  properties: {
    id: str,
    url: { type: 'string', format: 'uri' },
    title: str,
    summary: str,
    language: str,
    organisation: str,
    authors: strings,
    practiceType: str,
    stakeholderType: str,
    country: { type: 'string', description: 'ISO 3166-1 alpha-2.' },
    region: { type: 'string', description: 'UNESCO region slug.' },
    sector: str,
    principles: strings,
    policyAreas: strings,
    values: strings,
    year: { type: 'integer' },
    licence: str,
    publishedAt: { type: 'string', format: 'date-time' },
    sections: {
      type: 'object',
      properties: {
        what: str,
        how: str,
        results: str,
        challenges: str,
        adoption: str,
        links: strings,
      },
      required: ['what', 'how', 'results', 'challenges', 'adoption', 'links'],
    },
  },
  required: [
    'id',
    'url',
    'title',
    'summary',
    'language',
    'organisation',
    'authors',
    'practiceType',
    'stakeholderType',
    'country',
    'region',
    'sector',
    'principles',
    'policyAreas',
    'values',
    'year',
    'licence',
    'publishedAt',
    'sections',
  ],
} as const;

/** Shared schemas, registered once with `app.addSchema` and referenced as `Name#`. */
export const API_SCHEMAS = [errorSchema, courseSummarySchema, courseSchema, caseSchema];

/** The error responses every public read endpoint can give. */
export const errorResponses = {
  400: { $ref: 'Error#' },
  429: { $ref: 'Error#' },
} as const;

export const localeQuery = {
  type: 'object',
  properties: {
    locale: {
      type: 'string',
      maxLength: 10,
      description: 'Language for titles and summaries; falls back to English when the course lacks it.',
    },
  },
} as const;
