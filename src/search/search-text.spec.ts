import { fold, parseQuery, snippetOf, toFts5Match, toTsQuery } from './search-text';

/** The highlighted pieces of a snippet, cut by code points as a client would. */
function highlighted(body: string, q: string): string[] {
  const { snippet, highlights } = snippetOf(body, parseQuery(q));
  const codePoints = Array.from(snippet);
  return highlights.map(([start, end]) => codePoints.slice(start, end).join(''));
}

describe('search text', () => {
  it('folds case and accents', () => {
    expect(fold('Café NAÏVE Ångström')).toBe('cafe naive angstrom');
  });

  it('spells out the letters PostgreSQL unaccent spells out, as the SQLite index does', () => {
    expect(fold('Straße STRAẞE Æble Œuvre Søren Łódź Þór')).toBe(
      'strasse strasse aeble oeuvre soren lodz thor',
    );
  });

  it('keeps the marks of non-Latin letters, which the SQLite tokenizer keeps too', () => {
    expect(fold('Мой ЁЖ άλφα')).toBe('мой ёж άλφα');
  });

  it('highlights a word whatever marks it carries', () => {
    expect(highlighted('Ёлка и ёж', 'елка')).toEqual(['Ёлка']);
    expect(highlighted('Die Straße', 'strasse')).toEqual(['Straße']);
  });

  it('reads words, quoted phrases and pieces with inner punctuation', () => {
    expect(parseQuery('hello "big  World" don\'t')).toEqual([
      ['hello'],
      ['big', 'world'],
      ['don', 't'],
    ]);
    expect(parseQuery('"unclosed phrase here')).toEqual([['unclosed', 'phrase', 'here']]);
  });

  it('drops every piece of engine syntax, leaving only letters and digits', () => {
    const nasty = `" * - NEAR( a:b ) OR AND ^x {col}: 'x' !y & | <-> \\ ; --`;
    const phrases = parseQuery(nasty);
    for (const word of phrases.flat()) expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
    expect(toFts5Match(phrases)).not.toMatch(/[()^{}:'!&|<>\\;-]/);
    expect(parseQuery('*** "" ---')).toEqual([]);
  });

  it('builds prefix queries for both engines', () => {
    const phrases = parseQuery('caf "au lait"');
    expect(toFts5Match(phrases)).toBe('"caf" * AND "au" * + "lait" *');
    expect(toTsQuery(phrases)).toBe("('caf':*) & ('au':* <-> 'lait':*)");
  });

  it('caps a query at 16 words', () => {
    expect(parseQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
  });

  it('highlights whole words by prefix, in code points, past emoji', () => {
    const body = '👋🏽 Café au lait, 👨‍👩‍👧 cafeteria!';
    const { snippet, highlights } = snippetOf(body, parseQuery('cafe'));
    expect(snippet).toBe(body);
    expect(highlights).toEqual([
      [3, 7],
      [23, 32],
    ]);
    expect(highlighted(body, 'cafe')).toEqual(['Café', 'cafeteria']);
  });

  it('cuts a long body around the first match, with ellipses', () => {
    const body = `${'lorem ipsum '.repeat(40)}the needle 🧵 is here ${'dolor sit '.repeat(40)}`;
    const { snippet } = snippetOf(body, parseQuery('needle'));
    expect(Array.from(snippet).length).toBeLessThanOrEqual(202);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(highlighted(body, 'needle')).toEqual(['needle']);
  });

  it('a long body matched near its end shows its end', () => {
    const body = `${'word '.repeat(100)}last`;
    const { snippet } = snippetOf(body, parseQuery('last'));
    expect(snippet.endsWith('last')).toBe(true);
    expect(highlighted(body, 'last')).toEqual(['last']);
  });
});
