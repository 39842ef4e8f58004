/**
 * A course version in one language as an IMS Common Cartridge 1.1 (`.imscc`, a ZIP), so that Moodle,
 * Canvas and other learning platforms can import it:
 *
 *   imsmanifest.xml                  metadata, module → unit organization, resources
 *   units/<unit-id>.html             each unit as a standalone web page (relative links between units)
 *   media/…                          the images, video and caption files the units use
 *   assessments/<unit-id>/assessment.xml
 *                                    the unit's exercises as a QTI 1.2 quiz (see qti.ts for each type)
 *
 * Ordering exercises, which CC 1.1 has no question type for, are described on the unit's page, with a
 * link to answer them on Praxis.
 */
import { type Zippable, zipSync } from 'fflate';
import { isLocale, languageTag } from '../../platform/i18n/locales.ts';
import { translator } from '../../platform/i18n/messages.ts';
import type { CourseVersion } from '../course-store.ts';
import { pick } from '../localize.ts';
import {
  markdownCases,
  markdownLinks,
  type RenderContext,
  renderMarkdown,
} from '../markdown/render-markdown.ts';
import type { CoursePackage, Module, Unit } from '../package/types.ts';
import type { EmbeddedCase } from '../unit-content.ts';
import { cartridgeManifest, type ManifestItem, type ManifestResource, RESOURCE_TYPES } from './manifest.ts';
import { hasQtiProfile, qtiAssessment } from './qti.ts';
import { unitDocument } from './unit-document.tsx';

export const CARTRIDGE_CONTENT_TYPE = 'application/vnd.ims.imsccv1p1';

const LICENCE_URLS: Record<string, string> = {
  'CC-BY-SA-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
};

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'dv', 'yi']);

/** Files that are compressed already are stored as they are. */
const STORED = /\.(?:png|jpe?g|webp|gif|mp4|m4v|webm|ogv|ogg|mov|mp3|zip)$/i;

export interface CartridgeInput {
  course: CourseVersion;
  /** The content language: one of the course's languages. */
  locale: string;
  /** The platform's public URL, for links back to the units and their other exercises. */
  publicUrl: string;
  /** Published practice cases the units embed, by id (see cartridgeCaseIds). */
  cases?: ReadonlyMap<string, EmbeddedCase>;
}

export interface Cartridge {
  filename: string;
  bytes: Uint8Array;
}

/** The language a cartridge is in when none is asked for: English, which every course has. */
export function defaultCartridgeLocale(pkg: CoursePackage): string {
  return pkg.languages.includes('en') ? 'en' : (pkg.languages[0] ?? 'en');
}

/** Ids of the practice cases the units embed in `locale`. */
function cartridgeCaseIds(pkg: CoursePackage, locale: string): string[] {
  const ids = pkg.modules.flatMap((m) =>
    m.units.flatMap((u) => markdownCases(unitText(u, locale).body).map((c) => c.id)),
  );
  return [...new Set(ids)];
}

/** Looks up a practice case published in the case library. */
export type FindCase = (id: string) => Promise<{ title: string; summary: string } | null>;

/**
 * The practice cases the units embed in `locale` that are published by now, linked absolutely to the
 * case library (a cartridge is read on another site).
 */
export async function embeddedCases(
  deps: { findCase: FindCase; publicUrl: string },
  course: CourseVersion,
  locale: string,
): Promise<Map<string, EmbeddedCase>> {
  const origin = deps.publicUrl.replace(/\/+$/, '');
  const pageLocale = isLocale(locale) ? locale : 'en';
  const cases = new Map<string, EmbeddedCase>();
  for (const id of cartridgeCaseIds(course.pkg, locale)) {
    const found = await deps.findCase(id);
    if (found) {
      cases.set(id, {
        title: found.title,
        summary: found.summary,
        href: `${origin}/${pageLocale}/cases/${id}`,
      });
    }
  }
  return cases;
}

export function cartridgeFilename(course: CourseVersion, locale: string): string {
  return `${course.slug}-v${course.number}-${locale}.imscc`;
}

function unitText(unit: Unit, locale: string) {
  return unit.texts[locale] ?? unit.texts.en ?? { title: unit.id, body: '' };
}

/** Modules in course order (tracks, then each track's modules). */
function orderedModules(pkg: CoursePackage): Module[] {
  const byId = new Map(pkg.modules.map((m) => [m.id, m]));
  const ids = [...new Set(pkg.tracks.flatMap((track) => track.modules))];
  return ids.map((id) => byId.get(id)).filter((m): m is Module => m !== undefined);
}

/** A relative href for a package path such as `media/a b.png`, from a file under `units/`. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function buildCartridge({ course, locale, publicUrl, cases = new Map() }: CartridgeInput): Cartridge {
  const { pkg } = course;
  const uiLocale = isLocale(locale) ? locale : 'en';
  const t = translator(uiLocale);
  const lang = isLocale(locale) ? languageTag(locale) : locale;
  const dir = RTL_LANGUAGES.has(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';
  const courseTitle = pick(pkg.title, locale);
  const modules = orderedModules(pkg);
  const units = modules.flatMap((module) => module.units.map((unit) => ({ unit, module })));
  const unitIds = new Set(units.map(({ unit }) => unit.id));
  const glossary = new Map<string, { term: string; definition: string }>();
  for (const module of pkg.modules) {
    for (const entry of module.glossary) {
      if (!glossary.has(entry.id)) {
        glossary.set(entry.id, {
          term: pick(entry.term, locale),
          definition: pick(entry.definition, locale),
        });
      }
    }
  }
  const licenceUrl = LICENCE_URLS[pkg.licence] ?? null;
  const origin = publicUrl.replace(/\/+$/, '');

  const files: Zippable = {};
  const resources: ManifestResource[] = [];
  const mediaResources = new Map<string, string>();
  const addFile = (path: string, data: string | Uint8Array) => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    files[path] = [bytes, { level: STORED.test(path) ? 0 : 6 }];
  };
  const mediaResource = (path: string): string => {
    let id = mediaResources.get(path);
    if (!id) {
      id = `res_media_${mediaResources.size + 1}`;
      mediaResources.set(path, id);
      addFile(path, Buffer.from(pkg.media[path]!, 'base64'));
      resources.push({
        identifier: id,
        type: RESOURCE_TYPES.webcontent,
        href: encodePath(path),
        files: [encodePath(path)],
        dependencies: [],
      });
    }
    return id;
  };

  const items: ManifestItem[] = [];
  units.forEach(({ unit, module }, index) => {
    const text = unitText(unit, locale);
    const usedMedia = new Set<string>();
    const ctx: RenderContext = {
      locale,
      glossary,
      unitHref: (id) => (unitIds.has(id) ? `${encodeURIComponent(id)}.html` : null),
      moduleHref: (id) => {
        const first = pkg.modules.find((m) => m.id === id)?.units[0];
        return first ? `${encodeURIComponent(first.id)}.html` : null;
      },
      mediaHref: (path) => {
        if (!(path in pkg.media)) return null;
        usedMedia.add(path);
        return `../${encodePath(path)}`;
      },
      caseEmbed: (id) => cases.get(id) ?? null,
      labels: {
        note: t('content.note'),
        warning: t('content.warning'),
        reflection: t('content.reflection'),
        keyIdea: t('content.keyIdea'),
        transcript: t('content.transcript'),
        captions: t('content.captions'),
        footnotes: t('content.footnotes'),
        caseUnpublished: t('content.caseUnpublished'),
        practiceCase: t('content.practiceCase'),
      },
      siteOrigin: origin,
    };
    const html = renderMarkdown(text.body, ctx);
    const questions = unit.exercises.filter(hasQtiProfile);
    const quizTitle = questions.length ? t('cartridge.quizTitle', { unit: text.title }) : null;
    const usedTerms = markdownLinks(text.body)
      .map((link) => /^glossary:(.+)$/.exec(link.href)?.[1])
      .filter((id): id is string => id !== undefined && glossary.has(id));
    const neighbour = (entry: (typeof units)[number] | undefined) =>
      entry
        ? { href: `${encodeURIComponent(entry.unit.id)}.html`, title: unitText(entry.unit, locale).title }
        : null;

    const page = `units/${unit.id}.html`;
    addFile(
      page,
      unitDocument({
        t,
        lang,
        dir,
        courseTitle,
        moduleTitle: pick(module.title, locale),
        title: text.title,
        minutes: unit.minutes,
        html,
        exercises: unit.exercises,
        quizTitle,
        glossary: [...new Set(usedTerms)].map((id) => ({ id, ...glossary.get(id)! })),
        previous: neighbour(units[index - 1]),
        next: neighbour(units[index + 1]),
        licence: { name: pkg.licence, url: licenceUrl },
        onlineUrl: `${origin}/${uiLocale}/courses/${pkg.slug}/units/${unit.id}`,
      }),
    );
    resources.push({
      identifier: `res_unit_${unit.id}`,
      type: RESOURCE_TYPES.webcontent,
      href: page,
      files: [page],
      dependencies: [...usedMedia].sort().map(mediaResource),
    });

    let moduleItem = items.find((i) => i.identifier === `item_module_${module.id}`);
    if (!moduleItem) {
      moduleItem = {
        identifier: `item_module_${module.id}`,
        title: pick(module.title, locale),
        children: [],
      };
      items.push(moduleItem);
    }
    moduleItem.children!.push({
      identifier: `item_unit_${unit.id}`,
      title: text.title,
      resource: `res_unit_${unit.id}`,
    });

    if (quizTitle) {
      const assessment = `assessments/${unit.id}/assessment.xml`;
      addFile(
        assessment,
        qtiAssessment({
          ident: `quiz_${unit.id}`,
          title: quizTitle,
          exercises: questions,
          locale,
          labels: {
            true: t('cartridge.true'),
            false: t('cartridge.false'),
            guidance: t('cartridge.guidance'),
            tolerance: (range) => t('cartridge.tolerance', range),
          },
        }),
      );
      resources.push({
        identifier: `res_quiz_${unit.id}`,
        type: RESOURCE_TYPES.assessment,
        files: [assessment],
        dependencies: [],
      });
      moduleItem.children!.push({
        identifier: `item_quiz_${unit.id}`,
        title: quizTitle,
        resource: `res_quiz_${unit.id}`,
      });
    }
  });

  const manifest = cartridgeManifest({
    identifier: `praxis-${pkg.slug}-v${course.number}-${locale}`,
    title: courseTitle,
    description: pick(pkg.summary, locale),
    language: lang,
    keywords: modules.map((module) => pick(module.title, locale)),
    rights: licenceUrl ? `${pkg.licence} ${licenceUrl}` : pkg.licence,
    items,
    resources,
  });
  // The manifest comes first in the archive: some importers look for it there.
  const ordered: Zippable = {
    'imsmanifest.xml': [new TextEncoder().encode(manifest), { level: 6 }],
    ...files,
  };
  // A fixed time stamp: the same version and language always give the same bytes.
  const mtime = new Date(course.publishedAt ?? '2020-01-01T00:00:00Z');
  return { filename: cartridgeFilename(course, locale), bytes: zipSync(ordered, { mtime }) };
}
