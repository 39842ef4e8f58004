/**
 * Reads a course package folder (docs/course-format.md) into a CoursePackage and checks it. Every
 * problem found is reported with its file (relative to the package) and line; the package itself is
 * returned only when there are none, so a caller can never import a package that failed a check.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { type Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import taxonomy from './taxonomy.json' with { type: 'json' };
import type {
  CoursePackage,
  Exercise,
  ExerciseOption,
  ExerciseType,
  GlossaryEntry,
  Localized,
  LocalizedList,
  Module,
  PeerAssignment,
  PeerCriterion,
  Problem,
  Reference,
  Track,
  Unit,
} from './types.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const LEVELS = ['introductory', 'intermediate', 'advanced'] as const;
const KINDS = ['lesson', 'case-study'] as const;
const CHOICE_TYPES: readonly ExerciseType[] = ['single', 'multiple', 'ordering'];
const GRADED_TYPES: readonly ExerciseType[] = [...CHOICE_TYPES, 'truefalse', 'text', 'numeric'];
const EXERCISE_TYPES: readonly ExerciseType[] = [...GRADED_TYPES, 'reflection'];

const SLUGS = {
  values: new Set(taxonomy.recommendation.values.map((entry) => entry.slug)),
  principles: new Set(taxonomy.recommendation.principles.map((entry) => entry.slug)),
  policyAreas: new Set(taxonomy.recommendation.policyAreas.map((entry) => entry.slug)),
};
type SlugKind = keyof typeof SLUGS;
const SLUG_KINDS = Object.keys(SLUGS) as SlugKind[];

const COURSE_KEYS = [
  'slug',
  'title',
  'summary',
  'audience',
  'outcomes',
  'languages',
  'licence',
  'hours',
  'level',
  'featured',
  'completion',
  'tracks',
];
const MODULE_KEYS = ['id', 'title', 'summary', 'outcomes', ...SLUG_KINDS, 'units', 'glossary', 'references'];
const FRONT_MATTER_KEYS = ['id', 'title', 'minutes', 'kind', ...SLUG_KINDS];
const EXERCISE_KEYS = [
  'id',
  'type',
  'attempts',
  'points',
  'prompt',
  'options',
  'answer',
  'tolerance',
  'answers',
  'explanation',
  'guidance',
];

const PEER_KEYS = [
  'id',
  'prompt',
  'rubric',
  'reviewsPerLearner',
  'reviewsPerSubmission',
  'flexibleGradingDays',
  'points',
];

// ---------------------------------------------------------------------------------------------------
// Located YAML values

/** One parsed YAML text: a whole file, or a block inside a Markdown file (hence the line offset). */
interface YamlSource {
  file: string;
  lines: LineCounter;
  lineOffset: number;
  doc: Document;
  problems: Problem[];
}

/** A YAML node together with where it is and how a message names it (`glossary[2].definition`). */
interface Val {
  src: YamlSource;
  node: unknown;
  path: string;
  line: number;
}

function report(problems: Problem[], file: string, line: number | undefined, message: string): void {
  problems.push(line === undefined ? { file, message } : { file, line, message });
}

function at(v: Val, message: string): void {
  report(v.src.problems, v.src.file, v.line, message);
}

function lineOf(src: YamlSource, node: unknown, fallback: number): number {
  const range = isNode(node) ? node.range : undefined;
  return range ? src.lines.linePos(range[0]).line + src.lineOffset : fallback;
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

function name(v: Val): string {
  return v.path || 'the file';
}

function resolveAlias(src: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(src.doc) : node;
}

function parseYaml(file: string, text: string, lineOffset: number, problems: Problem[]): Val | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const src: YamlSource = { file, lines, lineOffset, doc, problems };
  for (const error of [...doc.errors, ...doc.warnings]) {
    report(problems, file, lines.linePos(error.pos[0]).line + lineOffset, `YAML: ${error.message}`);
  }
  if (doc.errors.length > 0) return undefined;
  const root: Val = { src, node: doc.contents, path: '', line: 1 + lineOffset };
  if (!isMap(root.node)) {
    at(root, 'expected a YAML mapping of fields (key: value lines)');
    return undefined;
  }
  return root;
}

function pairKey(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** The value of `key` in a mapping, or undefined when the key is absent. */
function field(v: Val | undefined, key: string): Val | undefined {
  if (!v || !isMap(v.node)) return undefined;
  const pair = v.node.items.find((item) => pairKey(item.key) === key);
  if (!pair) return undefined;
  // The key's line: for a block mapping or list the value starts a line later, but authors look for the key.
  const line = lineOf(v.src, pair.key, v.line);
  return { src: v.src, node: resolveAlias(v.src, pair.value), path: joinPath(v.path, key), line };
}

function need(v: Val | undefined, key: string): Val | undefined {
  const child = field(v, key);
  if (v && !child && isMap(v.node)) at(v, `${joinPath(v.path, key)} is missing`);
  return child;
}

/** Reports fields nobody reads: a typo there would otherwise be lost silently on import. */
function onlyKeys(v: Val | undefined, allowed: readonly string[]): void {
  if (!v || !isMap(v.node)) return;
  for (const pair of v.node.items) {
    const key = pairKey(pair.key);
    if (key !== undefined && !allowed.includes(key)) {
      const line = lineOf(v.src, pair.key, v.line);
      report(v.src.problems, v.src.file, line, `${name(v)} has an unknown field "${key}"`);
    }
  }
}

function entries(v: Val | undefined): Val[] {
  if (!v) return [];
  if (!isSeq(v.node)) {
    at(v, `${name(v)} must be a list`);
    return [];
  }
  return v.node.items.map((item, index) => {
    const node = resolveAlias(v.src, item);
    return { src: v.src, node, path: joinPath(v.path, index), line: lineOf(v.src, node, v.line) };
  });
}

function mapping(v: Val | undefined): Val | undefined {
  if (!v) return undefined;
  if (isMap(v.node)) return v;
  at(v, `${name(v)} must be a mapping of fields`);
  return undefined;
}

function scalar(v: Val): unknown {
  return isScalar(v.node) ? v.node.value : undefined;
}

function text(v: Val | undefined): string {
  if (!v) return '';
  const value = scalar(v);
  if (typeof value !== 'string') {
    at(v, `${name(v)} must be text`);
    return '';
  }
  if (value.trim() === '') at(v, `${name(v)} is empty`);
  return value;
}

function numberField(v: Val | undefined, check: (n: number) => boolean, wanted: string): number | undefined {
  if (!v) return undefined;
  const value = scalar(v);
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
    at(v, `${name(v)} must be ${wanted}`);
    return undefined;
  }
  return value;
}

function bool(v: Val | undefined): boolean | undefined {
  if (!v) return undefined;
  const value = scalar(v);
  if (typeof value !== 'boolean') {
    at(v, `${name(v)} must be true or false`);
    return undefined;
  }
  return value;
}

function oneOf<T extends string>(v: Val | undefined, options: readonly T[]): T | undefined {
  if (!v) return undefined;
  const value = scalar(v);
  const found = options.find((option) => option === value);
  if (found === undefined) at(v, `${name(v)} must be one of ${options.join(', ')}`);
  return found;
}

function kebabId(v: Val | undefined): string {
  if (!v) return '';
  const value = text(v);
  if (value && !KEBAB.test(value)) at(v, `${name(v)} "${value}" is not a kebab-case id`);
  return value;
}

function requiredLocales(languages: readonly string[]): string[] {
  return [...new Set(['en', ...languages])];
}

/** Walks a locale → value mapping, reporting bad locale codes and missing required locales. */
function eachLocale(
  v: Val | undefined,
  languages: readonly string[],
  each: (locale: string, value: Val) => void,
) {
  if (!v) return;
  if (!isMap(v.node)) {
    at(v, `${name(v)} must be a mapping from locale to text, like {en: "…"}`);
    return;
  }
  const seen = new Set<string>();
  for (const pair of v.node.items) {
    const locale = pairKey(pair.key) ?? '';
    const child = field(v, locale);
    if (!child) continue;
    if (!LOCALE.test(locale)) at(child, `${name(v)} has "${locale}", which is not a locale code`);
    else {
      seen.add(locale);
      each(locale, child);
    }
  }
  for (const locale of requiredLocales(languages)) {
    if (!seen.has(locale)) at(v, `${name(v)} lacks "${locale}"`);
  }
}

function localized(v: Val | undefined, languages: readonly string[]): Localized {
  const out: Localized = {};
  eachLocale(v, languages, (locale, value) => {
    out[locale] = text(value);
  });
  return out;
}

function textList(v: Val | undefined): string[] {
  const items = entries(v);
  if (v && isSeq(v.node) && items.length === 0) at(v, `${name(v)} is empty`);
  return items.map(text);
}

function localizedList(v: Val | undefined, languages: readonly string[], sameLength: boolean): LocalizedList {
  const out: LocalizedList = {};
  eachLocale(v, languages, (locale, value) => {
    out[locale] = textList(value);
  });
  const english = out.en;
  if (!v || !sameLength || !english) return out;
  for (const [locale, list] of Object.entries(out)) {
    if (list.length !== english.length) {
      at(v, `${name(v)}.${locale} has ${list.length} items but ${name(v)}.en has ${english.length}`);
    }
  }
  return out;
}

function slugList(v: Val | undefined, kind: SlugKind): string[] {
  const seen = new Set<string>();
  return entries(v).map((item) => {
    const slug = text(item);
    if (!slug) return slug;
    if (!SLUGS[kind].has(slug))
      at(item, `${name(item)}: "${slug}" is not a ${kind} slug of the UNESCO taxonomy`);
    if (seen.has(slug)) at(item, `${name(item)}: "${slug}" is listed twice`);
    seen.add(slug);
    return slug;
  });
}

function toPlain(v: Val): unknown {
  return isNode(v.node) ? v.node.toJS(v.src.doc) : v.node;
}

// ---------------------------------------------------------------------------------------------------
// Whole-package state

/** Where an id was first used, to say where the clash is when it comes back. */
class IdRegistry {
  private readonly seen = new Map<string, string>();
  private readonly kind: string;

  constructor(kind: string) {
    this.kind = kind;
  }

  claim(id: string, v: Val | undefined): void {
    if (!id || !v) return;
    const first = this.seen.get(id);
    if (first) at(v, `${this.kind} id "${id}" is already used at ${first}`);
    else this.seen.set(id, `${v.src.file}:${v.line}`);
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }
}

interface InternalLink {
  scheme: 'glossary' | 'unit' | 'module';
  id: string;
  file: string;
  line: number;
}

interface Context {
  dir: string;
  languages: string[];
  problems: Problem[];
  media: Record<string, string>;
  modules: IdRegistry;
  units: IdRegistry;
  exercises: IdRegistry;
  glossary: IdRegistry;
  links: InternalLink[];
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

async function listDir(path: string): Promise<Dirent[]> {
  try {
    const found = await readdir(path, { withFileTypes: true });
    // Hidden files are editor and OS litter (.DS_Store, .gitkeep), never course content.
    return found.filter((entry) => !entry.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
}

async function openYaml(ctx: Context, file: string): Promise<Val | undefined> {
  const source = await readText(join(ctx.dir, file));
  if (source === undefined) return undefined;
  return parseYaml(file, source.replace(/^\uFEFF/, ''), 0, ctx.problems);
}

// ---------------------------------------------------------------------------------------------------
// course.yaml

type CourseHead = Omit<CoursePackage, 'modules' | 'media'>;

interface CourseFile {
  head: CourseHead;
  /** Each module id listed in a track, with where it is listed. */
  listed: { id: string; where: Val }[];
  tracksLine: number;
}

function readLanguages(v: Val | undefined): string[] {
  const languages: string[] = [];
  for (const item of entries(v)) {
    const locale = text(item);
    if (!locale) continue;
    if (!LOCALE.test(locale)) at(item, `${name(item)} "${locale}" is not a locale code`);
    else if (languages.includes(locale)) at(item, `${name(item)} "${locale}" is listed twice`);
    else languages.push(locale);
  }
  if (v && isSeq(v.node) && !languages.includes('en')) at(v, 'languages must include "en"');
  return languages;
}

function readCompletion(v: Val | undefined): CourseHead['completion'] {
  const completion = { unitsPercent: 90, averageScorePercent: 70 };
  const map = mapping(v);
  if (!map) return completion;
  onlyKeys(map, Object.keys(completion));
  const percent = (key: keyof typeof completion) =>
    numberField(field(map, key), (n) => n >= 0 && n <= 100, 'a number from 0 to 100') ?? completion[key];
  return { unitsPercent: percent('unitsPercent'), averageScorePercent: percent('averageScorePercent') };
}

function readTracks(v: Val | undefined, languages: string[], listed: CourseFile['listed']): Track[] {
  const trackIds = new IdRegistry('track');
  const trackOf = new Map<string, string>();
  const tracks = entries(v).map((entry): Track => {
    const track = mapping(entry);
    onlyKeys(track, ['id', 'title', 'modules']);
    const idVal = need(track, 'id');
    const id = kebabId(idVal);
    trackIds.claim(id, idVal);
    const title = localized(need(track, 'title'), languages);
    const modulesVal = need(track, 'modules');
    if (modulesVal && isSeq(modulesVal.node) && modulesVal.node.items.length === 0) {
      at(modulesVal, `${name(modulesVal)} is empty`);
    }
    const modules = entries(modulesVal).map((item) => {
      const moduleId = kebabId(item);
      const other = trackOf.get(moduleId);
      if (other !== undefined) at(item, `module "${moduleId}" is already listed in track "${other}"`);
      else if (moduleId) {
        trackOf.set(moduleId, id);
        listed.push({ id: moduleId, where: item });
      }
      return moduleId;
    });
    return { id, title, modules };
  });
  if (v && isSeq(v.node) && tracks.length === 0) at(v, 'tracks is empty');
  return tracks;
}

function readCourse(root: Val): CourseFile {
  onlyKeys(root, COURSE_KEYS);
  const languages = readLanguages(need(root, 'languages'));
  const listed: CourseFile['listed'] = [];
  const tracksVal = need(root, 'tracks');
  const licence = field(root, 'licence');
  const head: CourseHead = {
    slug: kebabId(need(root, 'slug')),
    title: localized(need(root, 'title'), languages),
    summary: localized(need(root, 'summary'), languages),
    audience: localized(need(root, 'audience'), languages),
    outcomes: localizedList(need(root, 'outcomes'), languages, true),
    languages,
    licence: licence ? text(licence) : 'CC-BY-SA-4.0',
    hours: numberField(need(root, 'hours'), (n) => n > 0, 'a number of hours above 0') ?? 0,
    level: oneOf(need(root, 'level'), LEVELS) ?? 'introductory',
    featured: bool(field(root, 'featured')) ?? false,
    completion: readCompletion(field(root, 'completion')),
    tracks: readTracks(tracksVal, languages, listed),
  };
  return { head, listed, tracksLine: tracksVal?.line ?? 1 };
}

// ---------------------------------------------------------------------------------------------------
// Markdown

interface MarkdownLink {
  image: boolean;
  text: string;
  /** undefined for a reference-style image, whose target is checked at its definition. */
  target: string | undefined;
  line: number;
}

interface FencedBlock {
  info: string;
  body: string;
  /** Line of the opening fence, within the body. */
  line: number;
}

const INLINE_LINK =
  /(!?)\[((?:[^[\]\\]|\\.|\[(?:[^[\]\\]|\\.)*\])*)\]\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)/g;
const REFERENCE_IMAGE = /!\[((?:[^[\]\\]|\\.)*)\]\[[^\]]*\]/g;
const LINK_DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*(<[^<>\n]*>|\S+)/gm;
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/g;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** Blanks out code (fenced blocks and inline spans), keeping line breaks so offsets still give lines. */
function maskCode(body: string): { masked: string; blocks: FencedBlock[] } {
  const lines = body.split('\n');
  const blocks: FencedBlock[] = [];
  let open: { fence: string; block: FencedBlock; lines: string[] } | undefined;
  const masked = lines.map((line, index) => {
    if (open) {
      const fence = line.match(/^ {0,3}(`{3,}|~{3,})[ \t]*$/)?.[1] ?? '';
      if (fence[0] === open.fence[0] && fence.length >= open.fence.length) {
        open.block.body = open.lines.join('\n');
        blocks.push(open.block);
        open = undefined;
      } else open.lines.push(line);
      return '';
    }
    const start = line.match(FENCE_OPEN);
    if (start?.[1]) {
      open = { fence: start[1], block: { info: start[2] ?? '', body: '', line: index + 1 }, lines: [] };
      return '';
    }
    return line;
  });
  const text = masked.join('\n').replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
  return { masked: text, blocks };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function findLinks(masked: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const match of masked.matchAll(INLINE_LINK)) {
    links.push({
      image: match[1] === '!',
      text: match[2] ?? '',
      target: (match[3] ?? '').replace(/^<|>$/g, ''),
      line: lineAt(masked, match.index),
    });
  }
  for (const match of masked.matchAll(REFERENCE_IMAGE)) {
    links.push({ image: true, text: match[1] ?? '', target: undefined, line: lineAt(masked, match.index) });
  }
  for (const match of masked.matchAll(LINK_DEFINITION)) {
    const target = (match[1] ?? '').replace(/^<|>$/g, '');
    links.push({ image: false, text: '', target, line: lineAt(masked, match.index) });
  }
  for (const match of masked.matchAll(AUTOLINK)) {
    links.push({ image: false, text: '', target: match[1] ?? '', line: lineAt(masked, match.index) });
  }
  return links;
}

function mediaKey(target: string): string | undefined {
  let path: string;
  try {
    path = decodeURI(target);
  } catch {
    return undefined;
  }
  const normal = posix.normalize(path);
  return normal.startsWith('media/') ? normal : undefined;
}

/**
 * What is wrong with one link or image target, if anything. Internal links are kept to resolve once
 * every module has been read.
 */
function targetProblem(
  ctx: Context,
  file: string,
  line: number,
  target: string,
  image: boolean,
): string | undefined {
  const what = image ? 'image' : 'link';
  if (target === '') return `${what} has an empty target`;
  const scheme = target.match(/^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s);
  if (scheme) {
    const kind = (scheme[1] ?? '').toLowerCase();
    const id = scheme[2] ?? '';
    if (kind === 'glossary' || kind === 'unit' || kind === 'module') {
      if (image) return `an image cannot point to ${kind}:${id}`;
      ctx.links.push({ scheme: kind, id, file, line });
      return undefined;
    }
    if (kind === 'https' || kind === 'http' || (kind === 'mailto' && !image)) return undefined;
    return `${what} target "${target}" uses a scheme that is not allowed`;
  }
  if (target.startsWith('#') && !image) return undefined;
  const key = mediaKey(target);
  if (!key) return `${what} target "${target}" must be a file in media/ or a URL`;
  return key in ctx.media ? undefined : `${key} does not exist`;
}

function checkTarget(ctx: Context, file: string, line: number, target: string, image: boolean): void {
  const problem = targetProblem(ctx, file, line, target, image);
  if (problem) report(ctx.problems, file, line, problem);
}

function checkVideo(ctx: Context, file: string, block: FencedBlock, bodyLine: number): void {
  const root = parseYaml(file, block.body, bodyLine + block.line - 1, ctx.problems);
  if (!root) return;
  const src = need(root, 'src');
  const source = src ? text(src) : '';
  if (src && source) checkTarget(ctx, file, src.line, source, true);
  // Captions may exist for some locales only, so none is required here.
  const captions = mapping(field(root, 'captions'));
  for (const pair of captions && isMap(captions.node) ? captions.node.items : []) {
    const value = field(captions, pairKey(pair.key) ?? '');
    const path = value ? text(value) : '';
    if (value && path) checkTarget(ctx, file, value.line, path, true);
  }
}

function checkMarkdown(ctx: Context, file: string, body: string, bodyLine: number): void {
  const { masked, blocks } = maskCode(body);
  for (const link of findLinks(masked)) {
    const line = bodyLine + link.line - 1;
    if (link.image && link.text.trim() === '') {
      const what = link.target ? `image ${link.target}` : 'image';
      report(
        ctx.problems,
        file,
        line,
        `${what} has no alt text: describe the image for people who cannot see it`,
      );
    }
    if (link.target !== undefined) checkTarget(ctx, file, line, link.target, link.image);
  }
  for (const block of blocks) {
    if (block.info === 'video') checkVideo(ctx, file, block, bodyLine);
  }
}

// ---------------------------------------------------------------------------------------------------
// Units

interface MarkdownFile {
  front: Val | undefined;
  body: string;
  bodyLine: number;
}

function splitFrontMatter(ctx: Context, file: string, source: string): MarkdownFile | undefined {
  const lines = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const end = lines.findIndex((line, index) => index > 0 && line.trimEnd() === '---');
  if (lines[0]?.trimEnd() !== '---' || end === -1) {
    report(ctx.problems, file, 1, 'must start with front matter between two "---" lines');
    return undefined;
  }
  const front = parseYaml(file, `${lines.slice(1, end).join('\n')}\n`, 1, ctx.problems);
  let start = end + 1;
  while (start < lines.length && lines[start]?.trim() === '') start++;
  return { front, body: lines.slice(start).join('\n').trimEnd(), bodyLine: start + 1 };
}

interface UnitFacts {
  minutes: number;
  kind: Unit['kind'];
  slugs: Record<SlugKind, string[]>;
}

function readEnglishFacts(front: Val | undefined): UnitFacts {
  const slugs: Record<SlugKind, string[]> = {
    values: slugList(field(front, 'values'), 'values'),
    principles: slugList(field(front, 'principles'), 'principles'),
    policyAreas: slugList(field(front, 'policyAreas'), 'policyAreas'),
  };
  return {
    minutes:
      numberField(need(front, 'minutes'), (n) => Number.isInteger(n) && n > 0, 'a whole number above 0') ?? 0,
    kind: oneOf(field(front, 'kind'), KINDS) ?? 'lesson',
    slugs,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** Other locales may repeat the English facts, but a repeated fact that differs is a mistake. */
function checkRepeatedFacts(front: Val | undefined, english: UnitFacts): void {
  const minutes = field(front, 'minutes');
  if (minutes && scalar(minutes) !== english.minutes) {
    at(minutes, `minutes ${String(scalar(minutes))} differs from the English file (${english.minutes})`);
  }
  const kind = field(front, 'kind');
  if (kind && scalar(kind) !== english.kind) {
    at(kind, `kind ${String(scalar(kind))} differs from the English file (${english.kind})`);
  }
  for (const slugKind of SLUG_KINDS) {
    const v = field(front, slugKind);
    if (!v) continue;
    const list = entries(v).map((item) => String(scalar(item)));
    if (!sameSet(list, english.slugs[slugKind])) {
      at(
        v,
        `${slugKind} [${list.join(', ')}] differs from the English file ([${english.slugs[slugKind].join(', ')}])`,
      );
    }
  }
}

async function readUnitText(
  ctx: Context,
  file: string,
  unitId: string,
): Promise<{ md: MarkdownFile; title: string } | undefined> {
  const source = await readText(join(ctx.dir, file));
  if (source === undefined) return undefined;
  const md = splitFrontMatter(ctx, file, source);
  if (!md) return undefined;
  const { front } = md;
  onlyKeys(front, FRONT_MATTER_KEYS);
  const idVal = need(front, 'id');
  const id = idVal ? text(idVal) : '';
  if (idVal && id && id !== unitId)
    at(idVal, `id "${id}" does not match the file name's unit id "${unitId}"`);
  const title = text(need(front, 'title'));
  checkMarkdown(ctx, file, md.body, md.bodyLine);
  return { md, title };
}

function optionalLocalized(v: Val | undefined, languages: string[]): Localized | undefined {
  return v ? localized(v, languages) : undefined;
}

function readOption(ctx: Context, v: Val, type: ExerciseType | undefined, ids: Set<string>): ExerciseOption {
  const map = mapping(v);
  onlyKeys(map, ['id', 'text', 'correct', 'feedback']);
  const idVal = need(map, 'id');
  const id = kebabId(idVal);
  if (idVal && id && ids.has(id)) at(idVal, `option id "${id}" is used twice in this exercise`);
  ids.add(id);
  const option: ExerciseOption = { id, text: localized(need(map, 'text'), ctx.languages) };
  const correct = field(map, 'correct');
  if (correct && type === 'ordering')
    at(correct, `${name(correct)} does not apply: ordering options are listed in the correct order`);
  const isCorrect = bool(correct);
  if (isCorrect !== undefined) option.correct = isCorrect;
  const feedback = optionalLocalized(field(map, 'feedback'), ctx.languages);
  if (feedback) option.feedback = feedback;
  return option;
}

function readOptions(ctx: Context, v: Val, type: ExerciseType | undefined, id: string): ExerciseOption[] {
  const optionsVal = need(v, 'options');
  const ids = new Set<string>();
  const options = entries(optionsVal).map((item) => readOption(ctx, item, type, ids));
  if (!optionsVal || !isSeq(optionsVal.node)) return options;
  if (options.length < 2) at(optionsVal, `${name(optionsVal)} needs at least 2 options`);
  const correct = options.filter((option) => option.correct === true).length;
  if (type === 'single' && correct !== 1) {
    at(optionsVal, `exercise "${id}" (single) has ${correct} options marked correct: it needs exactly one`);
  }
  if (type === 'multiple' && correct < 1) {
    at(optionsVal, `exercise "${id}" (multiple) has no option marked correct: it needs at least one`);
  }
  return options;
}

/** Fields that only some exercise types take; anywhere else they are a mistake. */
const TYPE_FIELDS: Record<string, readonly ExerciseType[]> = {
  options: CHOICE_TYPES,
  answer: ['truefalse', 'numeric'],
  tolerance: ['numeric'],
  answers: ['text'],
};

function readAnswer(ctx: Context, v: Val, exercise: Exercise): void {
  const { type } = exercise;
  if (CHOICE_TYPES.includes(type)) exercise.options = readOptions(ctx, v, type, exercise.id);
  if (type === 'truefalse') {
    const answer = bool(need(v, 'answer'));
    if (answer !== undefined) exercise.answer = answer;
  }
  if (type === 'numeric') {
    const answer = numberField(need(v, 'answer'), () => true, 'a number');
    if (answer !== undefined) exercise.answer = answer;
    exercise.tolerance = numberField(field(v, 'tolerance'), (n) => n >= 0, 'a number of 0 or more') ?? 0;
  }
  if (type === 'text') exercise.answers = localizedList(need(v, 'answers'), ctx.languages, false);
}

function readExercise(ctx: Context, v: Val): Exercise {
  const map = mapping(v);
  onlyKeys(map, EXERCISE_KEYS);
  const idVal = need(map, 'id');
  const id = kebabId(idVal);
  ctx.exercises.claim(id, idVal);
  const type = oneOf(need(map, 'type'), EXERCISE_TYPES);
  const exercise: Exercise = {
    id,
    type: type ?? 'reflection',
    attempts:
      numberField(
        field(map, 'attempts'),
        (n) => Number.isInteger(n) && n >= 0,
        'a whole number of 0 or more',
      ) ?? 0,
    points: numberField(field(map, 'points'), (n) => n > 0, 'a number above 0') ?? 1,
    prompt: localized(need(map, 'prompt'), ctx.languages),
  };
  if (!map || !type) return exercise;
  for (const [key, types] of Object.entries(TYPE_FIELDS)) {
    const extra = field(map, key);
    if (extra && !types.includes(type)) at(extra, `${name(extra)} does not apply to a ${type} exercise`);
  }
  readAnswer(ctx, map, exercise);
  const explanation = GRADED_TYPES.includes(type) ? need(map, 'explanation') : field(map, 'explanation');
  if (explanation) exercise.explanation = localized(explanation, ctx.languages);
  const guidance = optionalLocalized(field(map, 'guidance'), ctx.languages);
  if (guidance) exercise.guidance = guidance;
  return exercise;
}

async function readExercises(ctx: Context, file: string): Promise<Exercise[]> {
  const root = await openYaml(ctx, file);
  if (!root) return [];
  onlyKeys(root, ['exercises']);
  return entries(need(root, 'exercises')).map((item) => readExercise(ctx, item));
}

interface ModuleFiles {
  /** Locales of the unit's .md files found in the module folder, per unit id. */
  texts: Map<string, string[]>;
  exercises: Set<string>;
  /** Units with a peer assignment file. */
  peer: Set<string>;
}

function readCriterion(ctx: Context, v: Val, ids: Set<string>): PeerCriterion {
  const map = mapping(v);
  onlyKeys(map, ['id', 'title', 'levels']);
  const idVal = need(map, 'id');
  const id = kebabId(idVal);
  if (idVal && id && ids.has(id)) at(idVal, `criterion id "${id}" is used twice in this rubric`);
  ids.add(id);
  const levelsVal = need(map, 'levels');
  const levelIds = new Set<string>();
  const levels = entries(levelsVal).map((item) => {
    const level = mapping(item);
    onlyKeys(level, ['id', 'description', 'points']);
    const levelIdVal = need(level, 'id');
    const levelId = kebabId(levelIdVal);
    if (levelIdVal && levelId && levelIds.has(levelId))
      at(levelIdVal, `level id "${levelId}" is used twice in criterion "${id}"`);
    levelIds.add(levelId);
    return {
      id: levelId,
      description: localized(need(level, 'description'), ctx.languages),
      points: numberField(need(level, 'points'), (n) => n >= 0, 'a number of 0 or more') ?? 0,
    };
  });
  if (levelsVal && isSeq(levelsVal.node) && levels.length < 2)
    at(levelsVal, `${name(levelsVal)} needs at least 2 levels`);
  if (levels.length >= 2 && Math.max(...levels.map((l) => l.points)) <= 0)
    at(levelsVal ?? v, `criterion "${id}" has no level worth more than 0 points`);
  return { id, title: localized(need(map, 'title'), ctx.languages), levels };
}

/** `<unit-id>.peer.yaml`: the unit's peer-reviewed reflection assignment. */
async function readPeer(ctx: Context, file: string): Promise<PeerAssignment | undefined> {
  const root = await openYaml(ctx, file);
  if (!root) return undefined;
  onlyKeys(root, PEER_KEYS);
  const idVal = need(root, 'id');
  const id = kebabId(idVal);
  // Peer assignments and exercises are both graded items of the course: one id space.
  ctx.exercises.claim(id, idVal);
  const count = (key: string, fallback: number, max: number) =>
    numberField(
      field(root, key),
      (n) => Number.isInteger(n) && n >= 1 && n <= max,
      `a whole number from 1 to ${max}`,
    ) ?? fallback;
  const rubricVal = need(root, 'rubric');
  const ids = new Set<string>();
  const rubric = entries(rubricVal).map((item) => readCriterion(ctx, item, ids));
  if (rubricVal && isSeq(rubricVal.node) && rubric.length === 0) at(rubricVal, 'rubric is empty');
  return {
    id,
    prompt: localized(need(root, 'prompt'), ctx.languages),
    rubric,
    reviewsPerLearner: count('reviewsPerLearner', 3, 10),
    reviewsPerSubmission: count('reviewsPerSubmission', 3, 10),
    flexibleGradingDays: count('flexibleGradingDays', 7, 365),
    points: numberField(field(root, 'points'), (n) => n > 0, 'a number above 0') ?? 1,
  };
}

async function readUnit(
  ctx: Context,
  moduleId: string,
  unitId: string,
  entry: Val,
  files: ModuleFiles,
): Promise<Unit> {
  const folder = `modules/${moduleId}`;
  const found = files.texts.get(unitId) ?? [];
  for (const locale of requiredLocales(ctx.languages)) {
    if (!found.includes(locale))
      at(entry, `unit "${unitId}" lacks its "${locale}" text: ${folder}/${unitId}.${locale}.md is missing`);
  }
  const english = found.includes('en')
    ? await readUnitText(ctx, `${folder}/${unitId}.en.md`, unitId)
    : undefined;
  const facts = readEnglishFacts(english?.md.front);
  const texts: Unit['texts'] = {};
  if (english) texts.en = { title: english.title, body: english.md.body };
  for (const locale of found.filter((l) => l !== 'en')) {
    const other = await readUnitText(ctx, `${folder}/${unitId}.${locale}.md`, unitId);
    if (!other) continue;
    if (english) checkRepeatedFacts(other.md.front, facts);
    texts[locale] = { title: other.title, body: other.md.body };
  }
  const exercisesFile = `${folder}/${unitId}.exercises.yaml`;
  const exercises = files.exercises.has(unitId) ? await readExercises(ctx, exercisesFile) : [];
  const unit: Unit = {
    id: unitId,
    moduleId,
    minutes: facts.minutes,
    kind: facts.kind,
    ...facts.slugs,
    texts,
    exercises,
  };
  const peer = files.peer.has(unitId) ? await readPeer(ctx, `${folder}/${unitId}.peer.yaml`) : undefined;
  if (peer) unit.peer = peer;
  return unit;
}

// ---------------------------------------------------------------------------------------------------
// Modules

/** Sorts a module folder's files into unit texts and exercises, reporting anything else. */
async function listModuleFiles(ctx: Context, moduleId: string): Promise<ModuleFiles & { stray: string[] }> {
  const folder = `modules/${moduleId}`;
  const files: ModuleFiles & { stray: string[] } = {
    texts: new Map(),
    exercises: new Set(),
    peer: new Set(),
    stray: [],
  };
  for (const entry of await listDir(join(ctx.dir, folder))) {
    const exercises = entry.name.match(/^([^.]+)\.exercises\.yaml$/);
    const peer = entry.name.match(/^([^.]+)\.peer\.yaml$/);
    const unitText = entry.name.match(/^([^.]+)\.([^.]+)\.md$/);
    if (entry.name === 'module.yaml' && entry.isFile()) continue;
    if (entry.isFile() && exercises?.[1]) files.exercises.add(exercises[1]);
    else if (entry.isFile() && peer?.[1]) files.peer.add(peer[1]);
    else if (entry.isFile() && unitText?.[1] && unitText[2] && LOCALE.test(unitText[2])) {
      files.texts.set(unitText[1], [...(files.texts.get(unitText[1]) ?? []), unitText[2]]);
    } else files.stray.push(`${folder}/${entry.name}`);
  }
  return files;
}

function reportUnlistedFiles(moduleId: string, files: ModuleFiles, unitsVal: Val, listed: string[]) {
  const folder = `modules/${moduleId}`;
  for (const [unitId, locales] of files.texts) {
    if (listed.includes(unitId)) continue;
    for (const locale of locales) at(unitsVal, `${folder}/${unitId}.${locale}.md is not listed in units`);
  }
  for (const unitId of files.exercises) {
    if (!listed.includes(unitId)) at(unitsVal, `${folder}/${unitId}.exercises.yaml is not listed in units`);
  }
  for (const unitId of files.peer) {
    if (!listed.includes(unitId)) at(unitsVal, `${folder}/${unitId}.peer.yaml is not listed in units`);
  }
}

function readGlossary(ctx: Context, v: Val | undefined): GlossaryEntry[] {
  return entries(v).map((item) => {
    const map = mapping(item);
    onlyKeys(map, ['id', 'term', 'definition']);
    const idVal = need(map, 'id');
    const id = kebabId(idVal);
    ctx.glossary.claim(id, idVal);
    return {
      id,
      term: localized(need(map, 'term'), ctx.languages),
      definition: localized(need(map, 'definition'), ctx.languages),
    };
  });
}

function readReferences(v: Val | undefined): Reference[] {
  return entries(v).map((item) => {
    const map = mapping(item);
    text(need(map, 'title'));
    text(need(map, 'publisher'));
    numberField(need(map, 'year'), (n) => Number.isInteger(n), 'a whole number (the year)');
    const plain = map ? toPlain(map) : {};
    // Kept exactly as given, extra fields included: the checks above vouch for the typed ones.
    return (typeof plain === 'object' && plain !== null ? plain : {}) as Reference;
  });
}

async function readModule(
  ctx: Context,
  moduleId: string,
  listedAt: Val | undefined,
): Promise<Module | undefined> {
  const file = `modules/${moduleId}/module.yaml`;
  const root = await openYaml(ctx, file);
  if (!root) {
    if ((await readText(join(ctx.dir, file))) !== undefined) return undefined;
    const message = `module "${moduleId}" has no ${file}`;
    if (listedAt) at(listedAt, message);
    else report(ctx.problems, file, undefined, message);
    return undefined;
  }
  onlyKeys(root, MODULE_KEYS);
  const idVal = need(root, 'id');
  const id = kebabId(idVal);
  if (idVal && id && id !== moduleId) at(idVal, `id "${id}" does not match the folder name "${moduleId}"`);
  ctx.modules.claim(moduleId, idVal ?? root);
  const principlesVal = need(root, 'principles');
  const principles = slugList(principlesVal, 'principles');
  if (principlesVal && isSeq(principlesVal.node) && principles.length === 0) {
    at(principlesVal, 'principles must name at least one principle');
  }
  const module: Module = {
    id: moduleId,
    title: localized(need(root, 'title'), ctx.languages),
    summary: localized(need(root, 'summary'), ctx.languages),
    outcomes: localizedList(need(root, 'outcomes'), ctx.languages, true),
    values: slugList(field(root, 'values'), 'values'),
    principles,
    policyAreas: slugList(field(root, 'policyAreas'), 'policyAreas'),
    units: [],
    glossary: readGlossary(ctx, field(root, 'glossary')),
    references: readReferences(field(root, 'references')),
  };
  module.units = await readUnits(ctx, moduleId, need(root, 'units'));
  return module;
}

async function readUnits(ctx: Context, moduleId: string, unitsVal: Val | undefined): Promise<Unit[]> {
  const files = await listModuleFiles(ctx, moduleId);
  for (const stray of files.stray) {
    report(
      ctx.problems,
      stray,
      1,
      'unexpected file: a module folder holds only module.yaml, <unit>.<locale>.md, <unit>.exercises.yaml and <unit>.peer.yaml',
    );
  }
  const listed: string[] = [];
  const units: Unit[] = [];
  for (const entry of entries(unitsVal)) {
    const unitId = kebabId(entry);
    if (!unitId) continue;
    ctx.units.claim(unitId, entry);
    if (listed.includes(unitId)) continue;
    listed.push(unitId);
    units.push(await readUnit(ctx, moduleId, unitId, entry, files));
  }
  if (unitsVal) reportUnlistedFiles(moduleId, files, unitsVal, listed);
  return units;
}

// ---------------------------------------------------------------------------------------------------
// The package

async function readMedia(dir: string, prefix = 'media'): Promise<Record<string, string>> {
  const media: Record<string, string> = {};
  for (const entry of await listDir(join(dir, prefix))) {
    const path = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(media, await readMedia(dir, path));
    else if (entry.isFile()) media[path] = (await readFile(join(dir, path))).toString('base64');
  }
  return media;
}

async function listModuleFolders(dir: string): Promise<string[]> {
  return (await listDir(join(dir, 'modules')))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

function resolveLinks(ctx: Context): void {
  const registries = { glossary: ctx.glossary, unit: ctx.units, module: ctx.modules };
  for (const link of ctx.links) {
    if (!registries[link.scheme].has(link.id)) {
      report(
        ctx.problems,
        link.file,
        link.line,
        `${link.scheme}:${link.id} does not match any ${link.scheme} id of the course`,
      );
    }
  }
}

async function readModules(ctx: Context, course: CourseFile | undefined): Promise<Module[]> {
  const folders = await listModuleFolders(ctx.dir);
  // Without a readable course.yaml the module folders are still checked, so one run shows everything.
  const listed: { id: string; where: Val | undefined }[] =
    course?.listed ?? folders.map((id) => ({ id, where: undefined }));
  const modules: Module[] = [];
  for (const { id, where } of listed) {
    if (!folders.includes(id)) {
      if (where) at(where, `module "${id}" has no folder modules/${id}`);
      continue;
    }
    const module = await readModule(ctx, id, where);
    if (module) modules.push(module);
  }
  if (!course) return modules;
  for (const folder of folders) {
    if (!listed.some((entry) => entry.id === folder)) {
      report(
        ctx.problems,
        'course.yaml',
        course.tracksLine,
        `module folder modules/${folder} is not listed in any track`,
      );
    }
  }
  return modules;
}

export async function readPackage(dir: string): Promise<{ pkg: CoursePackage | null; problems: Problem[] }> {
  const problems: Problem[] = [];
  const ctx: Context = {
    dir,
    languages: ['en'],
    problems,
    media: await readMedia(dir),
    modules: new IdRegistry('module'),
    units: new IdRegistry('unit'),
    exercises: new IdRegistry('exercise'),
    glossary: new IdRegistry('glossary'),
    links: [],
  };
  const root = await openYaml(ctx, 'course.yaml');
  if (!root && (await readText(join(dir, 'course.yaml'))) === undefined) {
    report(problems, 'course.yaml', undefined, `course.yaml is missing from ${dir}`);
  }
  const course = root ? readCourse(root) : undefined;
  if (course) ctx.languages = course.head.languages;
  const modules = await readModules(ctx, course);
  resolveLinks(ctx);
  if (!course || problems.length > 0) return { pkg: null, problems };
  return { pkg: { ...course.head, modules, media: ctx.media }, problems };
}
