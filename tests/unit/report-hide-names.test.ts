/**
 * Hide names (lib/reports/hide-names.ts): whole words, any case, any accents,
 * names inside punctuation and possessives, the longest name first, linked
 * pupils numbered, staff by role; and the words the enquiry view marks as
 * some other pupil's name.
 */
import { describe, expect, it } from 'vitest';
import { foldName, markNames, nameHider, nameWords, pupilNameForms, staffNameForms } from '@/lib/reports/hide-names';

const lukasz = { forenames: ['Łukasz'], surnames: ['Żółć'] };
const thao = { forenames: ['Thảo'], surnames: ['Nguyễn'] };
const aoibheann = { forenames: ['Aoibheann'], surnames: ['Ó’Súilleabháin'] };
const tom = { forenames: ['Tom', 'Thomas'], surnames: ['Hughes-Evans'] };

const hide = nameHider([
  { forms: pupilNameForms(lukasz), replacement: '[Student]' },
  { forms: pupilNameForms(thao), replacement: '[Linked student 1]' },
  { forms: pupilNameForms(aoibheann), replacement: '[Linked student 2]' },
  { forms: pupilNameForms(tom), replacement: '[Linked student 3]' },
  { forms: staffNameForms('Imran Shah'), replacement: '[DSL]' },
]);

describe('nameHider', () => {
  it.each([
    ['Łukasz Żółć said so.', '[Student] said so.'],
    ['LUKASZ ZOLC said so.', '[Student] said so.'],
    ['lukasz zolc said so.', '[Student] said so.'],
    ['Żółć, Łukasz (Year 7)', '[Student] (Year 7)'],
    ['Łukasz said Żółć was there.', '[Student] said [Student] was there.'],
    ['Nguyễn Thảo and Thao Nguyen', '[Linked student 1] and [Linked student 1]'],
    ['thảo’s bag', '[Linked student 1]’s bag'],
    ["Aoibheann O'Suilleabhain", '[Linked student 2]'],
    ['Ó Súilleabháin arrived', '[Linked student 2] arrived'],
    ['O’SÚILLEABHÁIN arrived', '[Linked student 2] arrived'],
    ['(Aoibheann)', '([Linked student 2])'],
    ["Tom's coat, Tomas's coat, Tommy", "[Linked student 3]'s coat, Tomas's coat, Tommy"],
    ['Thomas Hughes-Evans; Evans; Hughes', '[Linked student 3]; [Linked student 3]; [Linked student 3]'],
    ['"Tom", Tom.', '"[Linked student 3]", [Linked student 3].'],
    ['Mr Shah and Imran Shah; Mr. Shah', '[DSL] and [DSL]; [DSL]'],
    ['Shah alone stays, as does atom and tomato.', 'Shah alone stays, as does atom and tomato.'],
    ['Łukasz1 and Łukasz_', 'Łukasz1 and [Student]_'],
    ['Nothing here.', 'Nothing here.'],
  ])('%s → %s', (input, expected) => {
    expect(hide(input)).toBe(expected);
  });

  it('keeps every other character as typed, line breaks included', () => {
    expect(hide('Ćma\n  Łukasz\tŻółć — “quoted”\n')).toBe('Ćma\n  [Student] — “quoted”\n');
  });

  it('lets the first claim of a name win (the subject over a linked pupil of the same forename)', () => {
    const h = nameHider([
      { forms: pupilNameForms({ forenames: ['Sam'], surnames: ['Lee'] }), replacement: '[Student]' },
      { forms: pupilNameForms({ forenames: ['Sam'], surnames: ['Oakes'] }), replacement: '[Linked student 1]' },
    ]);
    expect(h('Sam Oakes and Sam Lee; Sam')).toBe('[Linked student 1] and [Student]; [Student]');
  });

  it('handles letters that fold to two (ß) without breaking the text around them', () => {
    const h = nameHider([{ forms: pupilNameForms({ forenames: ['Jörg'], surnames: ['Groß'] }), replacement: '[S]' }]);
    expect(h('Groß, Gross and GROSS met Jorg.')).toBe('[S], [S] and [S] met [S].');
  });

  it('ignores one-letter parts, which would replace ordinary letters', () => {
    expect(pupilNameForms({ forenames: ['J'], surnames: ['Ng'] })).not.toContain('J');
    const h = nameHider([{ forms: pupilNameForms({ forenames: ['J'], surnames: ['Ng'] }), replacement: '[S]' }]);
    expect(h('J said a thing to Ng.')).toBe('J said a thing to [S].');
  });

  it('with no names, returns the text unchanged', () => {
    expect(nameHider([])('Łukasz')).toBe('Łukasz');
  });
});

describe('markNames', () => {
  const words = nameWords(['Jack', 'Ní Bhriain', 'Zoë', 'O’Brien', 'Mary-Jane']);
  it('marks whole words that are a pupil’s name, accents and case ignored', () => {
    expect(markNames('Zoe and JACK’s friend O’Brien met Jackson.', words)).toEqual([
      { text: 'Zoe', marked: true },
      { text: ' and ', marked: false },
      { text: 'JACK', marked: true },
      { text: '’s friend ', marked: false },
      { text: 'O’Brien', marked: true },
      { text: ' met Jackson.', marked: false },
    ]);
  });
  it('finds parts of double names, and leaves text without names whole', () => {
    expect(
      markNames('Bhriain saw Jane.', words)
        .filter((p) => p.marked)
        .map((p) => p.text),
    ).toEqual(['Bhriain', 'Jane']);
    expect(markNames('No one here.', words)).toEqual([{ text: 'No one here.', marked: false }]);
  });
});

describe('foldName', () => {
  it('folds case, accents and the letters NFD does not split', () => {
    expect(foldName('Łukasz Żółć Nguyễn Thảo Ó’Súilleabháin Groß Søren')).toBe(
      "lukasz zolc nguyen thao o'suilleabhain gross soren",
    );
  });
});
