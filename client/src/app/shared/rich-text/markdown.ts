/**
 * The Markdown subset teams write in chat (issue #20), parsed into a tree that Angular
 * templates render: no user text ever becomes HTML. Bold (`**`), italic (`*`, `_`),
 * strikethrough (`~~`), inline code, fenced code blocks, block quotes, lists, and bare
 * http(s) URLs as links. Anything else, HTML included, stays text as typed.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em' | 'del'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'br' };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; text: string; language: string }
  | { kind: 'quote'; children: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] };

/** Quotes in quotes and emphasis in emphasis stop here (the rest is text): bounded work. */
const MAX_DEPTH = 4;

const FENCE = /^ {0,3}```\s*([\w+#.-]{0,20})\s*$/;
const FENCE_END = /^ {0,3}```\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^ {0,3}[-*+] +(.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)] +(.*)$/;

export function parseMarkdown(source: string, depth = 0): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: inlines(paragraph) });
    paragraph = [];
  };

  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      endParagraph();
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !FENCE_END.test(lines[i])) code.push(lines[i++]);
      i += 1; // the closing fence (an unclosed block runs to the end)
      blocks.push({ kind: 'code', text: code.join('\n'), language: fence[1] });
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      endParagraph();
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) quoted.push(QUOTE.exec(lines[i++])![1]);
      blocks.push({ kind: 'quote', children: parseMarkdown(quoted.join('\n'), depth + 1) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet || numbered) {
      endParagraph();
      const pattern = bullet ? BULLET : NUMBERED;
      const items: Inline[][] = [];
      while (i < lines.length && pattern.test(lines[i])) {
        const match = pattern.exec(lines[i++])!;
        items.push(inlines([match[match.length - 1]]));
      }
      blocks.push({
        kind: 'list',
        ordered: !bullet,
        start: numbered && !bullet ? Number(numbered[1]) : 1,
        items,
      });
      continue;
    }
    if (line.trim() === '') endParagraph();
    else paragraph.push(line);
    i += 1;
  }
  endParagraph();
  return blocks;
}

/** The lines of one paragraph: inline Markdown, with line breaks kept (chat, not prose). */
function inlines(lines: string[]): Inline[] {
  const result: Inline[] = [];
  lines.forEach((line, index) => {
    if (index > 0) result.push({ kind: 'br' });
    result.push(...parseInline(line, 0));
  });
  return mergeText(result);
}

const DELIMITERS: { mark: string; kind: 'strong' | 'em' | 'del' }[] = [
  { mark: '**', kind: 'strong' },
  { mark: '__', kind: 'strong' },
  { mark: '~~', kind: 'del' },
  { mark: '*', kind: 'em' },
  { mark: '_', kind: 'em' },
];

/** http(s) URLs; trailing punctuation is left out below. */
const URL_START = /https?:\/\/[^\s<>"'`]+/y;

export function parseInline(text: string, depth: number): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };

  for (let i = 0; i < text.length;) {
    const char = text[i];

    if (char === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      if (close !== -1) {
        const code = text.slice(i + run.length, close);
        if (code.trim() !== '') {
          flush();
          out.push({ kind: 'code', text: code });
          i = close + run.length;
          continue;
        }
      }
      plain += run;
      i += run.length;
      continue;
    }

    if (char === 'h' && isWordStart(text, i)) {
      URL_START.lastIndex = i;
      const match = URL_START.exec(text);
      if (match) {
        const url = trimUrl(match[0]);
        const href = safeHref(url);
        if (href) {
          flush();
          out.push({ kind: 'link', href, text: url });
          i += url.length;
          continue;
        }
      }
    }

    const delimiter = depth < MAX_DEPTH ? emphasisAt(text, i) : undefined;
    if (delimiter) {
      flush();
      out.push({
        kind: delimiter.kind,
        children: parseInline(text.slice(i + delimiter.mark.length, delimiter.close), depth + 1),
      });
      i = delimiter.close + delimiter.mark.length;
      continue;
    }

    plain += char;
    i += 1;
  }
  flush();
  return out;
}

/** An emphasis opening at `i` with its closing delimiter, if the text has one. */
function emphasisAt(
  text: string,
  i: number,
): { mark: string; kind: 'strong' | 'em' | 'del'; close: number } | undefined {
  for (const { mark, kind } of DELIMITERS) {
    if (!text.startsWith(mark, i)) continue;
    const start = i + mark.length;
    // Opening: not followed by a space; "_" only at the start of a word (snake_case stays).
    if (start >= text.length || /\s/.test(text[start])) continue;
    if (mark[0] === '_' && !isWordStart(text, i)) continue;
    for (
      let close = text.indexOf(mark, start);
      close !== -1;
      close = text.indexOf(mark, close + 1)
    ) {
      if (close === start) continue;
      if (/\s/.test(text[close - 1])) continue;
      // A single "*" must not be half of a "**" (and the same for "_").
      if (mark.length === 1 && (text[close + 1] === mark || text[close - 1] === mark)) continue;
      if (mark[0] === '_' && /[\p{L}\p{N}]/u.test(text[close + mark.length] ?? '')) continue;
      return { mark, kind, close };
    }
  }
  return undefined;
}

function isWordStart(text: string, i: number): boolean {
  return i === 0 || !/[\p{L}\p{N}_]/u.test(text[i - 1]);
}

/** Sentence punctuation after a URL is not part of it, nor is an unbalanced ")". */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (/[.,;:!?*_~]/.test(last)) end -= 1;
    else if (last === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')'))
      end -= 1;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Only http and https, as the URL parser reads them; anything else is no link. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function mergeText(nodes: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (node.kind === 'text' && last?.kind === 'text') last.text += node.text;
    else merged.push(node);
  }
  return merged;
}
