/**
 * The text side of search, in TypeScript so both engines agree: what a query means (words
 * and phrases, folded as the indexes fold them), the engine query strings built from it (only
 * letters and digits ever reach them, so no FTS5 or tsquery syntax typed by a user can), and
 * the snippet with its highlights in code points.
 */

import { SPELLED_OUT } from '../database/migrations/1765500000000-message-search';

/** A run of words that must appear in a row; a single word is a phrase of one. */
export type Phrase = string[];

/** Code points of a snippet cut from a longer body (the whole body when it is this short). */
export const SNIPPET_LENGTH = 200;
/** Code points of context kept before the first highlight when a long body is cut. */
const SNIPPET_LEAD = 60;
const ELLIPSIS = '…';

/** Most words a query may hold: each is one more index lookup, and no person types more. */
export const MAX_QUERY_WORDS = 16;

/** Letters and digits: the tokens of SQLite's unicode61 (and of our PostgreSQL index text). */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const SPELLINGS = new Map(SPELLED_OUT);
const SPELLED_LETTERS = new RegExp(`[${SPELLED_OUT.map(([letter]) => letter).join('')}]`, 'gu');

/**
 * Case and accents folded as both indexes fold them: "Café" → "cafe", "Straße" → "strasse",
 * "Æble" → "aeble". Only Latin letters lose their marks: SQLite's unicode61 keeps "й", "ё"
 * and "ά" whole, and a query folded further than the index would find nothing there
 * (PostgreSQL then folds the query text itself with unaccent, as it folds the index).
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_MARKS, '$1')
    .normalize('NFC')
    .replace(SPELLED_LETTERS, (letter) => SPELLINGS.get(letter)!);
}

/** Folded further, every mark dropped: whether a word of a found message is highlighted. */
function foldForHighlight(text: string): string {
  return fold(text).normalize('NFD').replace(MARKS, '');
}

/** The folded words of a piece of text. */
function wordsOf(text: string): string[] {
  return [...fold(text).matchAll(WORD)].map((match) => match[0]);
}

/**
 * A query as phrases: `"quoted words"` are one phrase (an unclosed quote runs to the end);
 * elsewhere each space-separated piece is one, so "don't" or "e-mail" keep their words in a
 * row. Everything that is not a letter or digit is dropped; at most MAX_QUERY_WORDS words.
 */
export function parseQuery(q: string): Phrase[] {
  const phrases: Phrase[] = [];
  let words = 0;
  for (const match of q.matchAll(/"([^"]*)"?|[^\s"]+/g)) {
    const phrase = wordsOf(match[1] ?? match[0]).slice(0, MAX_QUERY_WORDS - words);
    if (phrase.length === 0) continue;
    phrases.push(phrase);
    words += phrase.length;
    if (words >= MAX_QUERY_WORDS) break;
  }
  return phrases;
}

/** FTS5 MATCH: every phrase, each word by prefix (`"caf" * + "au" *`). */
export function toFts5Match(phrases: Phrase[]): string {
  return phrases.map((phrase) => phrase.map((word) => `"${word}" *`).join(' + ')).join(' AND ');
}

/** to_tsquery text: every phrase, each word by prefix (`('caf':* <-> 'au':*)`). */
export function toTsQuery(phrases: Phrase[]): string {
  return phrases
    .map((phrase) => `(${phrase.map((word) => `'${word}':*`).join(' <-> ')})`)
    .join(' & ');
}

export interface Snippet {
  snippet: string;
  /** [start, end) code-point offsets into snippet. */
  highlights: [number, number][];
}

/**
 * The body (or, past SNIPPET_LENGTH code points, a window of it from a little before the
 * first match) with every word that one of the query's words is a prefix of highlighted.
 */
export function snippetOf(body: string, phrases: Phrase[]): Snippet {
  const terms = [...new Set(phrases.flat().map(foldForHighlight))];
  const codePoints = Array.from(body);
  const matches = matchingWords(body, terms);
  if (codePoints.length <= SNIPPET_LENGTH) return { snippet: body, highlights: matches };

  const first = matches[0]?.[0] ?? 0;
  let start = Math.max(0, first - SNIPPET_LEAD);
  // Start at a word where one is near, rather than in the middle of one.
  const space = codePoints.slice(start, first).findIndex((c) => /\s/u.test(c));
  if (start > 0 && space >= 0 && space < 20) start += space + 1;
  const end = Math.min(codePoints.length, start + SNIPPET_LENGTH);
  if (end === codePoints.length) start = Math.max(0, end - SNIPPET_LENGTH);

  const lead = start > 0 ? ELLIPSIS : '';
  const tail = end < codePoints.length ? ELLIPSIS : '';
  const shift = lead.length - start;
  return {
    snippet: lead + codePoints.slice(start, end).join('') + tail,
    highlights: matches
      .filter(([from, to]) => from >= start && to <= end)
      .map(([from, to]): [number, number] => [from + shift, to + shift]),
  };
}

/** [start, end) code-point ranges of the body's words that a term is a prefix of. */
function matchingWords(body: string, terms: string[]): [number, number][] {
  const ranges: [number, number][] = [];
  let unitIndex = 0;
  let codePointIndex = 0;
  for (const match of body.matchAll(WORD)) {
    codePointIndex += countCodePoints(body.slice(unitIndex, match.index));
    const length = countCodePoints(match[0]);
    const word = foldForHighlight(match[0]);
    if (terms.some((term) => word.startsWith(term))) {
      ranges.push([codePointIndex, codePointIndex + length]);
    }
    codePointIndex += length;
    unitIndex = match.index + match[0].length;
  }
  return ranges;
}

function countCodePoints(text: string): number {
  return Array.from(text).length;
}
