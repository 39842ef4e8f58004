import { inLocale, parseLocalized } from '../cases/localized.ts';
import { regionOfCountry, UNESCO_REGIONS } from '../cases/regions.ts';
import { countryName, isCountryCode } from '../platform/i18n/countries.ts';
import { LOCALES, type Locale } from '../platform/i18n/locales.ts';
import { hasMessage, type Translate } from '../platform/i18n/messages.ts';
import { GENDERS, SECTORS } from './profile-fields.ts';
import { METRICS, type Metric, type MonthlyRow, type SnapshotRaw } from './rollup.ts';
import { type Cell, type Constraint, publishCells, rate } from './suppression.ts';

/**
 * The published figures: every table on the transparency page, in its downloads and in the API,
 * built from the roll-up with one suppression over all of them, so that no table can be subtracted
 * from another to recover a hidden figure.
 */

const NOT_STATED = 'not-stated';

export interface PublishedColumn {
  key: string;
  label: string;
  /** A count of people or things, or a share (0–1). */
  kind: 'count' | 'rate';
}

export interface PublishedRow {
  /** A stable slug (country code, region slug, YYYY-MM, course slug…). */
  key: string;
  label: string;
  cells: Record<string, Cell>;
  total?: boolean;
}

export interface PublishedTable {
  id: string;
  title: string;
  /** The header of the first column: what the rows are. */
  dimension: string;
  columns: PublishedColumn[];
  rows: PublishedRow[];
  chart?: 'bar' | 'line';
}

export interface CallSection {
  id: string;
  slug: string;
  title: string;
  tables: PublishedTable[];
}

export interface Figures {
  /** When the roll-up ran; null before its first run. */
  computedAt: string | null;
  tables: PublishedTable[];
  calls: CallSection[];
  /** Years with any activity, newest first (for the yearly reports). */
  years: number[];
  /** The tables of one year's report. */
  year(year: number): PublishedTable[];
  /** Every table by id, including the calls' and the years'. */
  table(id: string): PublishedTable | undefined;
}

export interface FigureInputs {
  snapshot: SnapshotRaw | null;
  monthly: MonthlyRow[];
  t: Translate;
  locale: Locale;
  courseTitle: (slug: string) => string;
  /** The current month (YYYY-MM): months are listed up to it. */
  currentMonth: string;
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    out.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Folds "prefer not to say", blanks and unknown values into one "not stated" key. */
function fold(record: Record<string, number>, known: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries([...known, NOT_STATED].map((k) => [k, 0]));
  for (const [key, n] of Object.entries(record)) {
    const k = known.includes(key) ? key : NOT_STATED;
    out[k] = (out[k] ?? 0) + n;
  }
  return out;
}

export function buildFigures(input: FigureInputs): Figures {
  const { t, locale, snapshot, monthly } = input;
  const values = new Map<string, number>();
  const constraints: Constraint[] = [];
  const set = (id: string, n: number) => values.set(id, n);
  const label = (key: string, fallback: string) => (hasMessage(locale, key) ? t(key) : fallback);
  const notStated = t('transparency.notStated');

  // People -----------------------------------------------------------------------------------------
  const s = snapshot;
  set('learners', s?.learners ?? 0);
  set('active30', s?.active30 ?? 0);
  const countries = Object.keys(s?.byCountry ?? {}).sort();
  const regionOf = (code: string) => (isCountryCode(code) ? regionOfCountry(code) : null) ?? NOT_STATED;
  const regions = [...UNESCO_REGIONS, NOT_STATED];
  for (const code of countries) set(`country:${code}`, s!.byCountry[code]!);
  for (const region of regions) {
    const members = countries.filter((code) => regionOf(code) === region);
    set(
      `region:${region}`,
      members.reduce((a, code) => a + s!.byCountry[code]!, 0),
    );
    constraints.push({ total: `region:${region}`, parts: members.map((code) => `country:${code}`) });
  }
  constraints.push({ total: 'learners', parts: regions.map((r) => `region:${r}`) });
  const languages = fold(s?.byLanguage ?? {}, LOCALES);
  const genders = fold(s?.byGender ?? {}, GENDERS);
  const sectors = fold(s?.bySector ?? {}, SECTORS);
  for (const [prefix, record] of [
    ['lang', languages],
    ['gender', genders],
    ['sector', sectors],
  ] as const) {
    for (const [k, n] of Object.entries(record)) set(`${prefix}:${k}`, n);
    constraints.push({ total: 'learners', parts: Object.keys(record).map((k) => `${prefix}:${k}`) });
  }

  // Activity by month, course and year -------------------------------------------------------------
  const firstMonth = [input.currentMonth, ...monthly.map((r) => r.month)].sort()[0]!;
  const months = monthsBetween(firstMonth, input.currentMonth);
  const courses = [...new Set(monthly.filter((r) => r.courseSlug).map((r) => r.courseSlug))].sort();
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))].sort((a, b) => b - a);
  const byKey = new Map<string, number>();
  for (const r of monthly) {
    const add = (id: string) => byKey.set(id, (byKey.get(id) ?? 0) + r.count);
    add(`month:${r.month}:${r.metric}`);
    if (r.courseSlug) {
      add(`course:${r.courseSlug}:${r.metric}`);
      add(`ycourse:${r.month.slice(0, 4)}:${r.courseSlug}:${r.metric}`);
    }
    add(`year:${r.month.slice(0, 4)}:${r.metric}`);
  }
  for (const metric of METRICS) {
    const total = metric === 'registrations' ? 'learners' : metric;
    let all = 0;
    for (const m of months) {
      const n = byKey.get(`month:${m}:${metric}`) ?? 0;
      set(`month:${m}:${metric}`, n);
      all += n;
    }
    if (metric !== 'registrations') set(total, all);
    constraints.push({ total, parts: months.map((m) => `month:${m}:${metric}`) });
    for (const year of years) {
      set(`year:${year}:${metric}`, byKey.get(`year:${year}:${metric}`) ?? 0);
      constraints.push({
        total: `year:${year}:${metric}`,
        parts: months.filter((m) => m.startsWith(`${year}-`)).map((m) => `month:${m}:${metric}`),
      });
    }
    if (metric === 'registrations') continue;
    for (const slug of courses) {
      set(`course:${slug}:${metric}`, byKey.get(`course:${slug}:${metric}`) ?? 0);
      for (const year of years) {
        set(`ycourse:${year}:${slug}:${metric}`, byKey.get(`ycourse:${year}:${slug}:${metric}`) ?? 0);
      }
      constraints.push({
        total: `course:${slug}:${metric}`,
        parts: years.map((y) => `ycourse:${y}:${slug}:${metric}`),
      });
    }
    constraints.push({ total, parts: courses.map((slug) => `course:${slug}:${metric}`) });
    for (const year of years) {
      constraints.push({
        total: `year:${year}:${metric}`,
        parts: courses.map((slug) => `ycourse:${year}:${slug}:${metric}`),
      });
    }
  }

  // Calls ------------------------------------------------------------------------------------------
  const calls = s?.calls ?? [];
  for (const call of calls) {
    const p = `call:${call.id}`;
    set(`${p}:submitted`, call.submitted);
    if (call.decisionsReleased) set(`${p}:selected`, call.selected);
    set(`${p}:reviewers`, call.reviewers);
    for (const [kind, record, total] of [
      ['stakeholder', call.byStakeholder, 'submitted'],
      ['practice', call.byPracticeType, 'submitted'],
      ['region', call.byRegion, 'submitted'],
      ['reviewerRegion', call.reviewersByRegion, 'reviewers'],
    ] as const) {
      for (const [k, n] of Object.entries(record)) set(`${p}:${kind}:${k || NOT_STATED}`, n);
      constraints.push({
        total: `${p}:${total}`,
        parts: Object.keys(record).map((k) => `${p}:${kind}:${k || NOT_STATED}`),
      });
    }
  }

  const cells = publishCells(values, constraints);
  const cell = (id: string): Cell => cells.get(id) ?? { value: null, suppressed: false };
  const count = (key: string, labelKey: string): PublishedColumn => ({
    key,
    label: t(labelKey),
    kind: 'count',
  });
  const people = count('people', 'transparency.col.people');

  // Tables -----------------------------------------------------------------------------------------
  const simple = (
    id: string,
    dimension: string,
    rows: { key: string; label: string; id: string }[],
    totalId: string,
    chart?: 'bar',
  ): PublishedTable => ({
    id,
    title: t(`transparency.tables.${id}`),
    dimension,
    columns: [people],
    rows: [
      ...rows.map((r) => ({ key: r.key, label: r.label, cells: { people: cell(r.id) } })),
      { key: 'total', label: t('transparency.total'), cells: { people: cell(totalId) }, total: true },
    ],
    chart,
  });

  const metricColumns = (keys: readonly Metric[]) => keys.map((m) => count(m, `transparency.metric.${m}`));
  const courseMetrics = ['enrollments', 'completions', 'certificates'] as const;

  const overview: PublishedTable = {
    id: 'overview',
    title: t('transparency.tables.overview'),
    dimension: t('transparency.col.figure'),
    columns: [count('count', 'transparency.col.count')],
    rows: [
      { key: 'learners', label: t('transparency.metric.learners'), cells: { count: cell('learners') } },
      { key: 'active30', label: t('transparency.metric.active30'), cells: { count: cell('active30') } },
      ...courseMetrics.map((m) => ({
        key: m,
        label: t(`transparency.metric.${m}`),
        cells: { count: cell(m) },
      })),
    ],
  };

  const coursesTable = (
    id: string,
    cellId: (slug: string, m: Metric) => string,
    totalId: (m: Metric) => string,
  ) => ({
    id,
    title: t(`transparency.tables.${id.startsWith('year-') ? 'courses' : id}`),
    dimension: t('transparency.col.course'),
    columns: metricColumns(courseMetrics),
    rows: [
      ...courses.map((slug) => ({
        key: slug,
        label: input.courseTitle(slug),
        cells: Object.fromEntries(courseMetrics.map((m) => [m, cell(cellId(slug, m))])),
      })),
      {
        key: 'total',
        label: t('transparency.total'),
        cells: Object.fromEntries(courseMetrics.map((m) => [m, cell(totalId(m))])),
        total: true,
      },
    ],
    chart: 'bar' as const,
  });

  const monthlyTable = (id: string, list: string[], totalId: (m: Metric) => string): PublishedTable => ({
    id,
    title: t('transparency.tables.monthly'),
    dimension: t('transparency.col.month'),
    columns: metricColumns(METRICS),
    rows: [
      ...list.map((m) => ({
        key: m,
        label: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
          new Date(`${m}-01T00:00:00Z`),
        ),
        cells: Object.fromEntries(METRICS.map((metric) => [metric, cell(`month:${m}:${metric}`)])),
      })),
      {
        key: 'total',
        label: t('transparency.total'),
        cells: Object.fromEntries(METRICS.map((metric) => [metric, cell(totalId(metric))])),
        total: true,
      },
    ],
    chart: 'line',
  });
  const allTotal = (m: Metric) => (m === 'registrations' ? 'learners' : m);

  const collator = new Intl.Collator(locale);
  const tables: PublishedTable[] = [
    overview,
    coursesTable('courses', (slug, m) => `course:${slug}:${m}`, allTotal),
    simple(
      'regions',
      t('transparency.col.region'),
      regions.map((r) => ({
        key: r,
        label: r === NOT_STATED ? notStated : t(`taxonomy.regions.${r}`),
        id: `region:${r}`,
      })),
      'learners',
      'bar',
    ),
    simple(
      'countries',
      t('transparency.col.country'),
      countries
        .map((code) => ({
          key: code,
          label: isCountryCode(code) ? countryName(code, locale) : notStated,
          id: `country:${code}`,
        }))
        .sort((a, b) => collator.compare(a.label, b.label)),
      'learners',
    ),
    simple(
      'languages',
      t('transparency.col.language'),
      LOCALES.map((l) => ({ key: l, label: t(`languages.${l}`), id: `lang:${l}` })),
      'learners',
      'bar',
    ),
    simple(
      'genders',
      t('transparency.col.gender'),
      [...GENDERS, NOT_STATED].map((g) => ({
        key: g,
        label: g === NOT_STATED ? notStated : t(`transparency.gender.${g}`),
        id: `gender:${g}`,
      })),
      'learners',
    ),
    simple(
      'sectors',
      t('transparency.col.sector'),
      [...SECTORS, NOT_STATED].map((g) => ({
        key: g,
        label: g === NOT_STATED ? notStated : t(`transparency.sector.${g}`),
        id: `sector:${g}`,
      })),
      'learners',
    ),
    monthlyTable('monthly', months, allTotal),
  ];

  const callTitle = (json: string) => inLocale(parseLocalized(json), locale);
  const callsTable: PublishedTable = {
    id: 'calls',
    title: t('transparency.tables.calls'),
    dimension: t('transparency.col.call'),
    columns: [
      count('submitted', 'transparency.col.submitted'),
      count('selected', 'transparency.col.selected'),
      { key: 'selectionRate', label: t('transparency.col.selectionRate'), kind: 'rate' },
      count('reviewers', 'transparency.col.reviewers'),
    ],
    rows: calls.map((call) => {
      const p = `call:${call.id}`;
      const selected = cell(`${p}:selected`);
      const r = rate(selected, cell(`${p}:submitted`));
      return {
        key: call.slug,
        label: callTitle(call.title),
        cells: {
          submitted: cell(`${p}:submitted`),
          selected,
          selectionRate: { value: r, suppressed: r === null && selected.suppressed },
          reviewers: cell(`${p}:reviewers`),
        },
      };
    }),
  };
  if (calls.length) tables.push(callsTable);

  const callSections: CallSection[] = calls.map((call) => {
    const p = `call:${call.id}`;
    const breakdown = (
      kind: 'stakeholder' | 'practice' | 'region' | 'reviewerRegion',
      record: Record<string, number>,
      labelOf: (k: string) => string,
      total: 'submitted' | 'reviewers',
    ): PublishedTable => {
      const id = `call-${call.slug}-${kind === 'reviewerRegion' ? 'reviewer-regions' : `${kind}s`}`;
      const column =
        total === 'submitted'
          ? count('submissions', 'transparency.col.submitted')
          : count('reviewers', 'transparency.col.reviewers');
      return {
        id,
        title: t(`transparency.tables.call.${kind}`),
        dimension: t(`transparency.col.${kind}`),
        columns: [column],
        rows: [
          ...Object.keys(record)
            .map((k) => ({ key: k || NOT_STATED, label: k ? labelOf(k) : notStated }))
            .sort((a, b) => collator.compare(a.label, b.label))
            .map((r) => ({ ...r, cells: { [column.key]: cell(`${p}:${kind}:${r.key}`) } })),
          {
            key: 'total',
            label: t('transparency.total'),
            cells: { [column.key]: cell(`${p}:${total}`) },
            total: true,
          },
        ],
      };
    };
    const region = (k: string) => label(`taxonomy.regions.${k}`, k);
    return {
      id: call.id,
      slug: call.slug,
      title: callTitle(call.title),
      tables: [
        breakdown(
          'stakeholder',
          call.byStakeholder,
          (k) => label(`taxonomy.stakeholderTypes.${k}`, k),
          'submitted',
        ),
        breakdown(
          'practice',
          call.byPracticeType,
          (k) => label(`taxonomy.practiceTypes.${k}`, k),
          'submitted',
        ),
        breakdown('region', call.byRegion, region, 'submitted'),
        breakdown('reviewerRegion', call.reviewersByRegion, region, 'reviewers'),
      ],
    };
  });

  const yearTables = (year: number): PublishedTable[] => {
    const overviewYear: PublishedTable = {
      id: `year-${year}-overview`,
      title: t('transparency.tables.yearOverview', { year }),
      dimension: t('transparency.col.figure'),
      columns: [count('count', 'transparency.col.count')],
      rows: METRICS.map((m) => ({
        key: m,
        label: t(`transparency.metric.${m}`),
        cells: { count: cell(`year:${year}:${m}`) },
      })),
    };
    return [
      overviewYear,
      coursesTable(
        `year-${year}-courses`,
        (slug, m) => `ycourse:${year}:${slug}:${m}`,
        (m) => `year:${year}:${m}`,
      ),
      monthlyTable(
        `year-${year}-monthly`,
        months.filter((m) => m.startsWith(`${year}-`)),
        (m) => `year:${year}:${m}`,
      ),
    ];
  };

  const all = [...tables, ...callSections.flatMap((c) => c.tables)];
  return {
    computedAt: s?.computedAt ?? null,
    tables,
    calls: callSections,
    years,
    year: yearTables,
    table: (id) => {
      const found = all.find((x) => x.id === id);
      if (found) return found;
      const m = /^year-(\d{4})-/.exec(id);
      return m ? yearTables(Number(m[1])).find((x) => x.id === id) : undefined;
    },
  };
}
