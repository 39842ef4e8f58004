/**
 * A unit's exercises as one QTI 1.2 assessment in the Common Cartridge 1.1 profile
 * (`imsqti_xmlv1p2/imscc_xmlv1p1/assessment`). The shapes follow what CC 1.1 importers read (Moodle's
 * backup/cc among them): the question type in the item's `cc_profile`, the correct answer as the one
 * response condition that sets SCORE to 100, per-option feedback as a condition on that option, and the
 * exercise's explanation as general feedback shown whatever was answered (a `continue="Yes"` condition
 * on `<other/>`).
 *
 * CC 1.1 has six question profiles and no ordering or numeric one: ordering exercises stay on the
 * unit's page, and a numeric answer is a string to fill in.
 */
import { pick } from '../localize.ts';
import type { Exercise, ExerciseType } from '../package/types.ts';
import { el, type XmlElement, xmlDocument } from './xml.ts';

export const QTI_NAMESPACE = 'http://www.imsglobal.org/xsd/ims_qtiasiv1p2';
const QTI_SCHEMA = 'http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd';

/** Praxis exercise types that have a CC 1.1 question profile, and that profile. */
export const QTI_PROFILES: Partial<Record<ExerciseType, string>> = {
  single: 'cc.multiple_choice.v0p1',
  multiple: 'cc.multiple_response.v0p1',
  truefalse: 'cc.true_false.v0p1',
  text: 'cc.fib.v0p1',
  numeric: 'cc.fib.v0p1',
  reflection: 'cc.essay.v0p1',
};

export function hasQtiProfile(exercise: Exercise): boolean {
  if (QTI_PROFILES[exercise.type] === undefined) return false;
  // A fill-in item needs at least one answer that scores (the schema wants a condition to test).
  return exercise.type !== 'text' || acceptedTexts(exercise, '').length > 0;
}

export interface QtiLabels {
  true: string;
  false: string;
  /** The label before an exercise's guidance, as on the unit page. */
  guidance: string;
  /** The sentence that tells which numbers a numeric answer accepts besides the exact one. */
  tolerance: (range: { min: string; max: string }) => string;
}

const RESPONSE = 'response1';

const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Course text is plain text; mattext carries HTML, so the text is escaped for HTML first (then for XML). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ENTITY[c]!);
}

/** One text as it is; several as paragraphs (a prompt and its guidance, an explanation and a note). */
function mattext(...paragraphs: string[]): XmlElement {
  const html =
    paragraphs.length === 1
      ? escapeHtml(paragraphs[0]!)
      : paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  return el('material', {}, el('mattext', { texttype: 'text/html' }, html));
}

function metadata(fields: [string, string][]): XmlElement {
  return el(
    'qtimetadata',
    {},
    fields.map(([label, entry]) =>
      el('qtimetadatafield', {}, el('fieldlabel', {}, label), el('fieldentry', {}, entry)),
    ),
  );
}

function feedback(ident: string, ...paragraphs: string[]): XmlElement {
  return el('itemfeedback', { ident }, el('flow_mat', {}, mattext(...paragraphs)));
}

/** Choice idents are compared exactly; typed answers without regard to case, as Praxis grades them. */
function varequal(value: string, caseSensitive = true): XmlElement {
  return el('varequal', { respident: RESPONSE, case: caseSensitive ? 'Yes' : 'No' }, value);
}

function setScore(): XmlElement {
  return el('setvar', { varname: 'SCORE', action: 'Set' }, '100');
}

function showFeedback(ident: string): XmlElement {
  return el('displayfeedback', { feedbacktype: 'Response', linkrefid: ident });
}

const GENERAL_FEEDBACK = 'fb_general';

/** Shows the general feedback whatever was answered, then goes on to the conditions that score. */
function showGeneralFeedback(): XmlElement {
  return el(
    'respcondition',
    { continue: 'Yes' },
    el('conditionvar', {}, el('other')),
    showFeedback(GENERAL_FEEDBACK),
  );
}

function resprocessing(conditions: XmlElement[]): XmlElement | null {
  if (conditions.length === 0) return null;
  return el(
    'resprocessing',
    {},
    el('outcomes', {}, el('decvar', { varname: 'SCORE', vartype: 'Decimal', minvalue: 0, maxvalue: 100 })),
    conditions,
  );
}

/** The parts every item has in the same places; the question type fills in the rest. */
function item(
  exercise: Exercise,
  locale: string,
  parts: {
    metadata: [string, string][];
    question: XmlElement;
    response: XmlElement;
    conditions: XmlElement[];
    feedbacks: (XmlElement | null)[];
  },
): XmlElement {
  const prompt = pick(exercise.prompt, locale);
  return el(
    'item',
    { ident: `q_${exercise.id}`, title: prompt.length > 120 ? `${prompt.slice(0, 119)}…` : prompt },
    el('itemmetadata', {}, metadata([['cc_profile', QTI_PROFILES[exercise.type]!], ...parts.metadata])),
    el('presentation', {}, parts.question, parts.response),
    resprocessing(parts.conditions),
    parts.feedbacks,
  );
}

/** The prompt, and the guidance the exercise gives while answering (Praxis shows it under the prompt). */
function question(exercise: Exercise, locale: string, labels: QtiLabels): XmlElement {
  const prompt = pick(exercise.prompt, locale);
  const guidance = pick(exercise.guidance, locale);
  return guidance ? mattext(prompt, `${labels.guidance}: ${guidance}`) : mattext(prompt);
}

interface Choice {
  ident: string;
  text: string;
  correct: boolean;
  feedback?: string;
}

function choicesOf(exercise: Exercise, locale: string, labels: QtiLabels): Choice[] {
  if (exercise.type === 'truefalse') {
    // CC importers recognise a true/false question by these two response idents.
    return [
      { ident: 'true', text: labels.true, correct: exercise.answer === true },
      { ident: 'false', text: labels.false, correct: exercise.answer === false },
    ];
  }
  return (exercise.options ?? []).map((option) => ({
    ident: option.id,
    text: pick(option.text, locale),
    correct: option.correct === true,
    feedback: option.feedback ? pick(option.feedback, locale) : undefined,
  }));
}

const optionFeedbackIdent = (choice: Choice) => `fb_option_${choice.ident}`;

function choiceItem(exercise: Exercise, locale: string, labels: QtiLabels): XmlElement {
  const choices = choicesOf(exercise, locale, labels);
  const withFeedback = choices.filter((choice) => choice.feedback);
  const explanation = pick(exercise.explanation, locale);
  const multiple = exercise.type === 'multiple';

  const conditions: XmlElement[] = explanation ? [showGeneralFeedback()] : [];
  if (multiple) {
    // Each chosen option shows its own feedback; then the one combination that scores.
    for (const choice of withFeedback) {
      conditions.push(
        el(
          'respcondition',
          { continue: 'Yes' },
          el('conditionvar', {}, varequal(choice.ident)),
          showFeedback(optionFeedbackIdent(choice)),
        ),
      );
    }
    conditions.push(
      el(
        'respcondition',
        { continue: 'No' },
        el(
          'conditionvar',
          {},
          el(
            'and',
            {},
            choices.map((choice) =>
              choice.correct ? varequal(choice.ident) : el('not', {}, varequal(choice.ident)),
            ),
          ),
        ),
        setScore(),
      ),
    );
  } else {
    // One condition per option that scores or has feedback; the first that matches ends processing.
    for (const choice of choices) {
      if (!choice.correct && !choice.feedback) continue;
      conditions.push(
        el(
          'respcondition',
          { continue: 'No' },
          el('conditionvar', {}, varequal(choice.ident)),
          choice.correct ? setScore() : null,
          choice.feedback ? showFeedback(optionFeedbackIdent(choice)) : null,
        ),
      );
    }
  }

  return item(exercise, locale, {
    metadata: [['cc_weighting', String(exercise.points)]],
    question: mattext(pick(exercise.prompt, locale)),
    response: el(
      'response_lid',
      { ident: RESPONSE, rcardinality: multiple ? 'Multiple' : 'Single' },
      el(
        'render_choice',
        {},
        choices.map((choice) => el('response_label', { ident: choice.ident }, mattext(choice.text))),
      ),
    ),
    conditions,
    feedbacks: [
      explanation ? feedback(GENERAL_FEEDBACK, explanation) : null,
      ...withFeedback.map((choice) => feedback(optionFeedbackIdent(choice), choice.feedback!)),
    ],
  });
}

/**
 * A text exercise's accepted answers: Praxis accepts those of every language of the course (a learner
 * may answer in the language they think in), so all of them, the cartridge's language first. Praxis
 * ignores case, and so does the comparison, so answers that differ only in case are given once.
 */
function acceptedTexts(exercise: Exercise, locale: string): string[] {
  const answers = exercise.answers ?? {};
  const lists = [
    answers[locale] ?? [],
    ...Object.entries(answers).flatMap(([l, list]) => (l === locale ? [] : [list])),
  ];
  const seen = new Set<string>();
  const accepted: string[] = [];
  for (const answer of lists.flat().map((a) => a.trim())) {
    const key = answer.toLowerCase();
    if (answer && !seen.has(key)) {
      seen.add(key);
      accepted.push(answer);
    }
  }
  return accepted;
}

/** A number as a learner may type it; Praxis reads a decimal comma as a point, so both are accepted. */
function acceptedNumbers(answer: number): string[] {
  const written = String(answer);
  return written.includes('.') ? [written, written.replace('.', ',')] : [written];
}

/** Without floating-point noise: 1.5 - 0.05 is 1.45, not 1.4500000000000002. */
const plain = (n: number) => String(Number(n.toPrecision(12)));

/**
 * Short text and numeric exercises as fill-in-the-blank: every accepted answer in the one condition
 * that scores (Moodle reads them from there as its short-answer answers). The CC profile has no
 * comparison but equality (no vargte or varlte), so a numeric answer lists its exact value and the
 * general feedback says which range Praxis accepts around it.
 */
function fillInItem(exercise: Exercise, locale: string, labels: QtiLabels): XmlElement {
  const numeric = exercise.type === 'numeric';
  const target = Number(exercise.answer);
  const tolerance = exercise.tolerance ?? 0;
  const accepted = numeric ? acceptedNumbers(target) : acceptedTexts(exercise, locale);
  const explanation = pick(exercise.explanation, locale);
  const range =
    numeric && tolerance > 0
      ? labels.tolerance({ min: plain(target - tolerance), max: plain(target + tolerance) })
      : '';
  const general = [explanation, range].filter(Boolean);

  return item(exercise, locale, {
    metadata: [['cc_weighting', String(exercise.points)]],
    question: question(exercise, locale, labels),
    response: el(
      'response_str',
      { ident: RESPONSE, rcardinality: 'Single' },
      el('render_fib', { fibtype: 'String', prompt: 'Box', rows: 1 }),
    ),
    conditions: [
      ...(general.length ? [showGeneralFeedback()] : []),
      el(
        'respcondition',
        { continue: 'No' },
        el(
          'conditionvar',
          {},
          accepted.map((answer) => varequal(answer, false)),
        ),
        setScore(),
      ),
    ],
    feedbacks: [general.length ? feedback(GENERAL_FEEDBACK, ...general) : null],
  });
}

/**
 * A reflection as an essay: a text box as tall as on Praxis, nothing that scores (Praxis saves
 * reflections and does not grade them, so the item weighs nothing), and the guidance, besides under
 * the prompt, as general feedback with the explanation when there is one.
 */
function essayItem(exercise: Exercise, locale: string, labels: QtiLabels): XmlElement {
  const explanation = pick(exercise.explanation, locale);
  const guidance = pick(exercise.guidance, locale);
  const general = [explanation, guidance ? `${labels.guidance}: ${guidance}` : ''].filter(Boolean);
  return item(exercise, locale, {
    metadata: [
      ['cc_weighting', '0'],
      ['qmd_scoringpermitted', 'No'],
      ['qmd_computerscored', 'No'],
    ],
    question: question(exercise, locale, labels),
    response: el(
      'response_str',
      { ident: RESPONSE, rcardinality: 'Single' },
      el('render_fib', { fibtype: 'String', prompt: 'Box', rows: 6 }),
    ),
    conditions: general.length ? [showGeneralFeedback()] : [],
    feedbacks: [general.length ? feedback(GENERAL_FEEDBACK, ...general) : null],
  });
}

/** One question. Idents are unique within the item: feedback idents carry a prefix option ids cannot have. */
export function qtiItem(exercise: Exercise, locale: string, labels: QtiLabels): XmlElement {
  if (!hasQtiProfile(exercise)) {
    throw new Error(`exercise ${exercise.id}: type ${exercise.type} has no QTI profile`);
  }
  switch (exercise.type) {
    case 'text':
    case 'numeric':
      return fillInItem(exercise, locale, labels);
    case 'reflection':
      return essayItem(exercise, locale, labels);
    default:
      return choiceItem(exercise, locale, labels);
  }
}

/**
 * The assessment document for a unit's exercises that have a profile. Attempts in Praxis are per exercise and in
 * CC per assessment, so the assessment allows the fewest attempts any of its graded exercises allows
 * (a reflection is saved, not graded, so its attempts limit nothing).
 */
export function qtiAssessment(options: {
  ident: string;
  title: string;
  exercises: Exercise[];
  locale: string;
  labels: QtiLabels;
}): string {
  const { ident, title, exercises, locale, labels } = options;
  const limits = exercises
    .filter((e) => e.type !== 'reflection')
    .map((e) => e.attempts)
    .filter((n) => n > 0);
  const attempts = limits.length ? String(Math.min(...limits)) : 'unlimited';
  const root = el(
    'questestinterop',
    {
      xmlns: QTI_NAMESPACE,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${QTI_NAMESPACE} ${QTI_SCHEMA}`,
    },
    el(
      'assessment',
      { ident, title },
      metadata([
        ['cc_profile', 'cc.exam.v0p1'],
        ['qmd_assessmenttype', 'Examination'],
        ['qmd_scoretype', 'Percentage'],
        ['qmd_feedbackpermitted', 'Yes'],
        ['qmd_hintspermitted', 'No'],
        ['qmd_solutionspermitted', 'Yes'],
        ['cc_maxattempts', attempts],
      ]),
      el(
        'section',
        { ident: `${ident}_section` },
        exercises.filter(hasQtiProfile).map((exercise) => qtiItem(exercise, locale, labels)),
      ),
    ),
  );
  return xmlDocument(root);
}
