/**
 * A course package in memory: exactly what docs/course-format.md describes, after parsing and
 * checking. Every translatable field is a map from locale to text. Import stores this as a version;
 * export writes it back to files, and import → export → import gives an equal value.
 */
export type Localized = Record<string, string>;
export type LocalizedList = Record<string, string[]>;

export interface CoursePackage {
  slug: string;
  title: Localized;
  summary: Localized;
  audience: Localized;
  outcomes: LocalizedList;
  /** Complete locales; the first is the source language. */
  languages: string[];
  licence: string;
  hours: number;
  level: 'introductory' | 'intermediate' | 'advanced';
  featured: boolean;
  completion: { unitsPercent: number; averageScorePercent: number };
  tracks: Track[];
  modules: Module[];
  /** Files under media/ (path relative to the package root → bytes, base64). */
  media: Record<string, string>;
}

export interface Track {
  id: string;
  title: Localized;
  modules: string[];
}

export interface Module {
  id: string;
  title: Localized;
  summary: Localized;
  outcomes: LocalizedList;
  values: string[];
  principles: string[];
  policyAreas: string[];
  units: Unit[];
  glossary: GlossaryEntry[];
  references: Reference[];
}

export interface GlossaryEntry {
  id: string;
  term: Localized;
  definition: Localized;
}

export interface Reference {
  title: string;
  publisher: string;
  year: number;
  /** Any other fields a reference carries are kept as they are. */
  [extra: string]: unknown;
}

export interface Unit {
  id: string;
  moduleId: string;
  minutes: number;
  kind: 'lesson' | 'case-study';
  values: string[];
  principles: string[];
  policyAreas: string[];
  /** Per locale: the title and the Markdown body (without front matter). */
  texts: Record<string, { title: string; body: string }>;
  exercises: Exercise[];
}

export type ExerciseType =
  | 'single'
  | 'multiple'
  | 'truefalse'
  | 'ordering'
  | 'text'
  | 'numeric'
  | 'reflection';

export interface ExerciseOption {
  id: string;
  text: Localized;
  correct?: boolean;
  feedback?: Localized;
}

export interface Exercise {
  id: string;
  type: ExerciseType;
  /** 0 = unlimited. */
  attempts: number;
  points: number;
  prompt: Localized;
  options?: ExerciseOption[];
  /** truefalse: boolean; numeric: number. */
  answer?: boolean | number;
  tolerance?: number;
  /** text: accepted answers per locale. */
  answers?: LocalizedList;
  explanation?: Localized;
  guidance?: Localized;
}

/** One thing wrong with a package, located as precisely as the parser can. */
export interface Problem {
  file: string;
  line?: number;
  message: string;
}
