import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exercise } from '../courses/package/types.ts';
import { AnswerError, displayOrder, grade, normalizeText, parseNumber, readAnswer } from './grading.ts';

const base = { attempts: 0, points: 1, prompt: { en: 'Q' }, explanation: { en: 'Why' } };
const options = [
  { id: 'a', text: { en: 'A' }, correct: true, feedback: { en: 'yes' } },
  { id: 'b', text: { en: 'B' }, correct: true },
  { id: 'c', text: { en: 'C' } },
  { id: 'd', text: { en: 'D' } },
];
const single: Exercise = {
  ...base,
  id: 's',
  type: 'single',
  options: options.map((o, i) => ({ ...o, correct: i === 0 })),
};
const multiple: Exercise = { ...base, id: 'm', type: 'multiple', options };
const ordering: Exercise = {
  ...base,
  id: 'o',
  type: 'ordering',
  options: options.map(({ id, text }) => ({ id, text })),
};

test('single choice: right, wrong, and options that are not this exercise’s', () => {
  assert.deepEqual(grade(single, { kind: 'choice', selected: ['a'] }), { score: 1, feedbackFor: ['a'] });
  assert.equal(grade(single, { kind: 'choice', selected: ['c'] }).score, 0);
  assert.throws(() => grade(single, { kind: 'choice', selected: ['zzz'] }), AnswerError);
  assert.throws(() => grade(single, { kind: 'choice', selected: ['a', 'b'] }), AnswerError);
  assert.throws(() => grade(single, { kind: 'choice', selected: [] }), AnswerError);
});

test('multiple choice scores the share of options judged right', () => {
  assert.equal(grade(multiple, { kind: 'choice', selected: ['a', 'b'] }).score, 1);
  assert.equal(grade(multiple, { kind: 'choice', selected: ['a'] }).score, 0.75);
  assert.equal(grade(multiple, { kind: 'choice', selected: ['a', 'c'] }).score, 0.5);
  assert.equal(grade(multiple, { kind: 'choice', selected: ['c', 'd'] }).score, 0);
  assert.throws(() => grade(multiple, { kind: 'choice', selected: ['a', 'x'] }), AnswerError);
});

test('true/false, text with normalization, numeric with tolerance', () => {
  const tf: Exercise = { ...base, id: 't', type: 'truefalse', answer: false };
  assert.equal(grade(tf, { kind: 'boolean', value: false }).score, 1);
  assert.equal(grade(tf, { kind: 'boolean', value: true }).score, 0);
  const text: Exercise = {
    ...base,
    id: 'x',
    type: 'text',
    answers: { en: ['Ethical impact assessment'], ko: ['윤리적 영향 평가'] },
  };
  assert.equal(grade(text, { kind: 'text', value: '  ethical  IMPACT assessment. ' }).score, 1);
  assert.equal(
    grade(text, { kind: 'text', value: '윤리적 영향 평가' }).score,
    1,
    'any course language counts',
  );
  assert.equal(grade(text, { kind: 'text', value: 'impact' }).score, 0);
  assert.throws(() => grade(text, { kind: 'text', value: '   ' }), AnswerError);
  const numeric: Exercise = { ...base, id: 'n', type: 'numeric', answer: 2.5, tolerance: 0.1 };
  assert.equal(grade(numeric, { kind: 'text', value: '2,55' }).score, 1);
  assert.equal(grade(numeric, { kind: 'text', value: '2.7' }).score, 0);
  assert.throws(() => grade(numeric, { kind: 'text', value: 'two' }), AnswerError);
  assert.equal(normalizeText('Ｆｕｌｌ－Width!'), 'full width');
  assert.equal(parseNumber('1e3'), 1000);
  assert.equal(parseNumber('1.2.3'), null);
});

test('ordering: the share of items in place; every item needs a distinct position', () => {
  assert.equal(grade(ordering, { kind: 'order', positions: { a: 1, b: 2, c: 3, d: 4 } }).score, 1);
  assert.equal(grade(ordering, { kind: 'order', positions: { a: 2, b: 1, c: 3, d: 4 } }).score, 0.5);
  assert.throws(() => grade(ordering, { kind: 'order', positions: { a: 1, b: 1, c: 3, d: 4 } }), AnswerError);
  assert.throws(() => grade(ordering, { kind: 'order', positions: { a: 1, b: 2, c: 3, d: 5 } }), AnswerError);
  const answer = readAnswer(ordering, {
    'position-a': '1',
    'position-b': '2',
    'position-c': '3',
    'position-d': '4',
  });
  assert.deepEqual(answer, { kind: 'order', positions: { a: 1, b: 2, c: 3, d: 4 } });
});

test('the display order is stable and never the answer itself', () => {
  for (const id of ['o', 'fixture-ordering', 'x1', 'another']) {
    for (const n of [2, 3, 4]) {
      const items = options.slice(0, n).map(({ id }) => ({ id }));
      const shown = displayOrder(id, items);
      assert.notDeepEqual(
        shown.map((o) => o.id),
        items.map((o) => o.id),
        `${id}/${n}`,
      );
      assert.deepEqual(displayOrder(id, items), shown);
      assert.deepEqual([...shown.map((o) => o.id)].sort(), items.map((o) => o.id).sort());
    }
  }
});
