import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvDocument } from './csv.ts';

test('cells a spreadsheet would run as formulas are neutralised with a leading quote', () => {
  assert.equal(
    csvCell('=HYPERLINK("http://evil.example","x")'),
    `"'=HYPERLINK(""http://evil.example"",""x"")"`,
  );
  assert.equal(csvCell('+1+2'), "'+1+2");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\t=1'), "'\t=1");
  assert.equal(csvCell('\r=1'), `"'\r=1"`);
  assert.equal(csvCell(['=1', 'b']), "'=1; b", 'a list joined into one cell is checked as a whole');
});

test('ordinary text, numbers and booleans are written as they are, quoted only when needed', () => {
  assert.equal(csvCell('Algorithm register'), 'Algorithm register');
  assert.equal(csvCell('a, b'), '"a, b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell(-3), '-3', 'a negative figure stays a number');
  assert.equal(csvCell(true), 'true');
  assert.equal(csvCell(null), '');
  assert.equal(csvDocument(['a', 'b'], [[1, '=x']]), "a,b\r\n1,'=x\r\n");
});
