import { describe, expect, it } from 'vitest';
import { csvText, quoteCsv } from '../src/csv.js';

describe('quoteCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(quoteCsv(input)).toBe(expected);
  });
});

describe('csvText (the formula guard)', () => {
  it.each([
    ['=HYPERLINK("http://evil.test","x")', `"'=HYPERLINK(""http://evil.test"",""x"")"`],
    ['+1 555 0100', "'+1 555 0100"],
    ['+493012345670 +493012345671', "'+493012345670 +493012345671"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('prefixes %j', (input, expected) => {
    expect(csvText(input)).toBe(expected);
  });

  it.each(['https://example.com/a=b', 'info@example.com', 'Jane = Doe', 'a-b', '', '+442079460123', '+14155550100'])('leaves %j as it is', (input) => {
    expect(csvText(input)).toBe(quoteCsv(input));
  });
});
