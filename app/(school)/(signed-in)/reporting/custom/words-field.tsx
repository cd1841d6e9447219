'use client';

import { useState } from 'react';
import { controlClass, describedBy } from '@/app/_components/field-frame';

/**
 * "Containing words": type a word and press Enter, as many as needed; each
 * becomes a removable chip sent as its own `word` field. Without JavaScript
 * the box itself is sent and its words are parted by spaces or commas.
 */
export function WordsField({ initial, errors }: { initial: string[]; errors?: string[] }) {
  const [words, setWords] = useState(initial);
  const [typed, setTyped] = useState('');
  const id = 'report-word';
  const hint = 'Type a word and press Enter. Whole words, in any case, with or without accents.';
  const add = () => {
    const fresh = typed.split(/[\s,]+/).filter((w) => w !== '' && !words.includes(w));
    if (fresh.length > 0) setWords([...words, ...fresh]);
    setTyped('');
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Containing words
      </label>
      <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
        {hint}
      </p>
      {words.length > 0 ? (
        <ul aria-label="Words" className="mt-2 flex flex-wrap gap-2">
          {words.map((w) => (
            <li key={w} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-1 pr-1 pl-3 text-sm">
              <input type="hidden" name="word" value={w} />
              <span>{w}</span>
              <button
                type="button"
                onClick={() => setWords(words.filter((x) => x !== w))}
                className="inline-flex size-8 items-center justify-center rounded-full hover:bg-slate-200"
                aria-label={`Remove the word ${w}`}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        name="word"
        type="text"
        value={typed}
        maxLength={200}
        autoComplete="off"
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          // Enter adds the word; the report is generated with the button.
          e.preventDefault();
          add();
        }}
        onBlur={add}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
