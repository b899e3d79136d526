import type { Message } from '../../core/api/api-types';

/** One result of `GET /api/search`. */
export interface SearchResult {
  message: Message;
  room: { id: string; name: string; kind: 'public' | 'private' | 'direct' };
  snippet: string;
  /** [start, end) code-point offsets into snippet. */
  highlights: [number, number][];
}

export interface SearchPage {
  results: SearchResult[];
  nextCursor: string | null;
}

/** What the search box holds: words for `q`, and the `from:` and `in:` filters typed in it. */
export interface BoxQuery {
  q: string;
  from?: string;
  /** A room's name (or a direct room's person) as typed after `in:`. */
  inRoom?: string;
}

/**
 * Reads `from:name` (or `from:@name`) and `in:room` (or `in:#room`, `in:"two words"`) out of
 * the text; the rest is the query. The last of each filter wins.
 */
export function parseBox(text: string): BoxQuery {
  const query: BoxQuery = { q: '' };
  const rest = text.replace(
    /(?:^|\s)(from|in):(?:"([^"]*)"?|(\S*))/gi,
    (_all, key: string, quoted: string | undefined, bare: string | undefined) => {
      const value = (quoted ?? bare ?? '').trim();
      if (key.toLowerCase() === 'from') query.from = value.replace(/^@/, '') || undefined;
      else query.inRoom = value.replace(/^#/, '') || undefined;
      return ' ';
    },
  );
  query.q = rest.replace(/\s+/g, ' ').trim();
  return query;
}

/** A snippet cut into plain and matched parts, for spans (never HTML). */
export interface SnippetPart {
  text: string;
  isMatch: boolean;
}

export function snippetParts(snippet: string, highlights: [number, number][]): SnippetPart[] {
  const codePoints = Array.from(snippet);
  const parts: SnippetPart[] = [];
  let at = 0;
  const ranges = [...highlights].sort((a, b) => a[0] - b[0]);
  for (const [rawStart, rawEnd] of ranges) {
    const start = Math.max(at, Math.min(rawStart, codePoints.length));
    const end = Math.max(start, Math.min(rawEnd, codePoints.length));
    if (start > at) parts.push({ text: codePoints.slice(at, start).join(''), isMatch: false });
    if (end > start) parts.push({ text: codePoints.slice(start, end).join(''), isMatch: true });
    at = end;
  }
  if (at < codePoints.length) parts.push({ text: codePoints.slice(at).join(''), isMatch: false });
  return parts;
}

/** Results of one room in a row, in the order the server gave them (newest first). */
export interface ResultGroup {
  room: SearchResult['room'];
  results: { result: SearchResult; index: number }[];
}

/** Groups results by room, rooms in the order of their newest result. */
export function groupByRoom(results: SearchResult[]): ResultGroup[] {
  const groups = new Map<string, ResultGroup>();
  results.forEach((result, index) => {
    const group = groups.get(result.room.id);
    if (group) group.results.push({ result, index });
    else groups.set(result.room.id, { room: result.room, results: [{ result, index }] });
  });
  return [...groups.values()];
}
