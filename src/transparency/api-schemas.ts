/**
 * JSON Schemas of the statistics API (/api/v1/statistics). Inline rather than shared by $id, so they
 * stand alone in the generated OpenAPI document and in Fastify's serializer.
 */

const str = { type: 'string' } as const;

export const statisticsQuery = {
  type: 'object',
  properties: {
    locale: {
      type: 'string',
      enum: ['en', 'ko', 'ar', 'zh', 'fr', 'ru', 'es'],
      description: 'Language of the labels (default en). Keys are the same in every language.',
    },
  },
  additionalProperties: false,
} as const;

export const cellSchema = {
  type: 'object',
  description:
    'A published figure. Suppressed (about fewer than 10 people, or a complement of such a figure): value null, suppressed true. Not yet known: value null, suppressed false.',
  properties: {
    value: { type: ['number', 'null'] },
    suppressed: { type: 'boolean' },
  },
  required: ['value', 'suppressed'],
} as const;

export const tableSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Stable table id; also the CSV/JSON download name.' },
    title: str,
    dimension: { type: 'string', description: 'What the rows are.' },
    columns: {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: str, label: str, kind: { type: 'string', enum: ['count', 'rate'] } },
        required: ['key', 'label', 'kind'],
      },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: {
            type: 'string',
            description: 'Stable slug: region, ISO country code, YYYY-MM, course slug…',
          },
          label: str,
          total: { type: 'boolean' },
          cells: { type: 'object', additionalProperties: cellSchema },
        },
        required: ['key', 'label', 'total', 'cells'],
      },
    },
  },
  required: ['id', 'title', 'dimension', 'columns', 'rows'],
} as const;

const meta = {
  locale: str,
  computedAt: { type: ['string', 'null'], description: 'When the figures were rolled up (ISO 8601).' },
  threshold: { type: 'integer', description: 'Figures about fewer people than this are suppressed.' },
} as const;

export const statisticsSchema = {
  type: 'object',
  properties: {
    ...meta,
    suppression: str,
    tables: { type: 'array', items: tableSchema },
    calls: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: str, slug: str, title: str, tables: { type: 'array', items: tableSchema } },
        required: ['id', 'slug', 'title', 'tables'],
      },
    },
  },
  required: ['locale', 'computedAt', 'threshold', 'tables', 'calls'],
} as const;

export const callStatisticsSchema = {
  type: 'object',
  properties: {
    ...meta,
    id: str,
    slug: str,
    title: str,
    summary: {
      type: 'object',
      description: 'submitted, selected, selectionRate (0–1) and reviewers.',
      additionalProperties: cellSchema,
    },
    tables: { type: 'array', items: tableSchema },
  },
  required: ['locale', 'computedAt', 'threshold', 'id', 'slug', 'title', 'summary', 'tables'],
} as const;

/** A failure (same shape as the rest of the API's errors). */
export const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string', description: 'A stable code: badRequest, notFound, tooManyRequests…' },
    message: str,
    detail: str,
  },
  required: ['error', 'message'],
} as const;
