import type { CoursePackage, Localized, LocalizedList } from './package/types.ts';

/**
 * The language a course is shown in: the page's, when the course is complete in it; otherwise the
 * course's source language, and the page says so (a visible fallback, never a silent one).
 */
export function contentLocale(pkg: CoursePackage, pageLocale: string): { locale: string; fallback: boolean } {
  if (pkg.languages.includes(pageLocale)) return { locale: pageLocale, fallback: false };
  return { locale: pkg.languages[0] ?? 'en', fallback: true };
}

export function pick(text: Localized | undefined, locale: string): string {
  return text?.[locale] ?? text?.en ?? '';
}

export function pickList(list: LocalizedList | undefined, locale: string): string[] {
  return list?.[locale] ?? list?.en ?? [];
}

/** Units in course order, with their module and track. */
export function orderedUnits(pkg: CoursePackage) {
  const modules = new Map(pkg.modules.map((m) => [m.id, m]));
  return pkg.tracks.flatMap((track) =>
    track.modules.flatMap((moduleId) => {
      const module = modules.get(moduleId);
      return module ? module.units.map((unit) => ({ unit, module, track })) : [];
    }),
  );
}

export function courseMinutes(pkg: CoursePackage): number {
  return pkg.modules.reduce((sum, m) => sum + m.units.reduce((s, u) => s + u.minutes, 0), 0);
}
