/**
 * A unit's choice exercises as one QTI 1.2 assessment in the Common Cartridge 1.1 profile
 * (`imsqti_xmlv1p2/imscc_xmlv1p1/assessment`). The shapes follow what CC 1.1 importers read: the
 * question type in the item's `cc_profile`, the correct answer as the response condition that sets
 * SCORE to 100, per-option feedback as a condition on that option, and the exercise's explanation as
 * general feedback shown whatever was answered.
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
};

export function hasQtiProfile(exercise: Exercise): boolean {
  return QTI_PROFILES[exercise.type] !== undefined;
}

export interface QtiLabels {
  true: string;
  false: string;
}

const RESPONSE = 'response1';

const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Course text is plain text; mattext carries HTML, so the text is escaped for HTML first (then for XML). */
function mattext(text: string): XmlElement {
  const html = text.replace(/[&<>"]/g, (c) => HTML_ENTITY[c]!);
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

function feedback(ident: string, text: string): XmlElement {
  return el('itemfeedback', { ident }, el('flow_mat', {}, mattext(text)));
}

function varequal(choice: string): XmlElement {
  return el('varequal', { respident: RESPONSE, case: 'Yes' }, choice);
}

function setScore(): XmlElement {
  return el('setvar', { varname: 'SCORE', action: 'Set' }, '100');
}

function showFeedback(ident: string): XmlElement {
  return el('displayfeedback', { feedbacktype: 'Response', linkrefid: ident });
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

/** One question. Idents are unique within the item: feedback idents carry a prefix option ids cannot have. */
export function qtiItem(exercise: Exercise, locale: string, labels: QtiLabels): XmlElement {
  const profile = QTI_PROFILES[exercise.type];
  if (!profile) throw new Error(`exercise ${exercise.id}: type ${exercise.type} has no QTI profile`);
  const choices = choicesOf(exercise, locale, labels);
  const withFeedback = choices.filter((choice) => choice.feedback);
  const explanation = exercise.explanation ? pick(exercise.explanation, locale) : '';
  const multiple = exercise.type === 'multiple';
  const prompt = pick(exercise.prompt, locale);

  const conditions: XmlElement[] = [];
  if (explanation) {
    conditions.push(
      el(
        'respcondition',
        { continue: 'Yes' },
        el('conditionvar', {}, el('other')),
        showFeedback('fb_general'),
      ),
    );
  }
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

  return el(
    'item',
    { ident: `q_${exercise.id}`, title: prompt.length > 120 ? `${prompt.slice(0, 119)}…` : prompt },
    el(
      'itemmetadata',
      {},
      metadata([
        ['cc_profile', profile],
        ['cc_weighting', String(exercise.points)],
      ]),
    ),
    el(
      'presentation',
      {},
      mattext(prompt),
      el(
        'response_lid',
        { ident: RESPONSE, rcardinality: multiple ? 'Multiple' : 'Single' },
        el(
          'render_choice',
          {},
          choices.map((choice) => el('response_label', { ident: choice.ident }, mattext(choice.text))),
        ),
      ),
    ),
    el(
      'resprocessing',
      {},
      el('outcomes', {}, el('decvar', { varname: 'SCORE', vartype: 'Decimal', minvalue: 0, maxvalue: 100 })),
      conditions,
    ),
    explanation ? feedback('fb_general', explanation) : null,
    withFeedback.map((choice) => feedback(optionFeedbackIdent(choice), choice.feedback!)),
  );
}

/**
 * The assessment document for a unit's choice exercises. Attempts in Praxis are per exercise and in
 * CC per assessment, so the assessment allows the fewest attempts any of its exercises allows.
 */
export function qtiAssessment(options: {
  ident: string;
  title: string;
  exercises: Exercise[];
  locale: string;
  labels: QtiLabels;
}): string {
  const { ident, title, exercises, locale, labels } = options;
  const limits = exercises.map((e) => e.attempts).filter((n) => n > 0);
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
