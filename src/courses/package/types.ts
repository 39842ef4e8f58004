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
  /** The unit's peer-reviewed reflection assignment (`<unit-id>.peer.yaml`), when it has one. */
  peer?: PeerAssignment;
}

/** One level of a rubric criterion: what a reviewer picks, worth `points`. */
export interface PeerLevel {
  id: string;
  description: Localized;
  points: number;
}

export interface PeerCriterion {
  id: string;
  title: Localized;
  levels: PeerLevel[];
}

/**
 * A peer-reviewed reflection: learners submit a text, review peers' texts against the rubric, and are
 * graded on the median of the scores they receive (see docs/course-format.md).
 */
export interface PeerAssignment {
  id: string;
  prompt: Localized;
  rubric: PeerCriterion[];
  /** Reviews each learner is asked to give (default 3). */
  reviewsPerLearner: number;
  /** Reviews each submission waits for before it is graded (default 3). */
  reviewsPerSubmission: number;
  /** After this many days a submission with at least one review is graded on what it has (default 7). */
  flexibleGradingDays: number;
  /** Weight in the course's average score, like an exercise's points (default 1). */
  points: number;
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
