import { parseInline, parseMarkdown, safeHref } from './markdown';

const text = (value: string) => ({ kind: 'text', text: value });

describe('parseMarkdown', () => {
  it('keeps plain text, with line breaks, in one paragraph; blank lines separate paragraphs', () => {
    expect(parseMarkdown('hello\nworld\n\nagain')).toEqual([
      { kind: 'paragraph', children: [text('hello'), { kind: 'br' }, text('world')] },
      { kind: 'paragraph', children: [text('again')] },
    ]);
  });

  it('reads bold, italic, strikethrough and inline code', () => {
    expect(parseInline('**bold** *it* _it_ ~~gone~~ `a*b*c`', 0)).toEqual([
      { kind: 'strong', children: [text('bold')] },
      text(' '),
      { kind: 'em', children: [text('it')] },
      text(' '),
      { kind: 'em', children: [text('it')] },
      text(' '),
      { kind: 'del', children: [text('gone')] },
      text(' '),
      { kind: 'code', text: 'a*b*c' },
    ]);
  });

  it('nests emphasis, and leaves snake_case, lone stars and unclosed marks as text', () => {
    expect(parseInline('**bold _and it_** ~~*x*~~', 0)).toEqual([
      { kind: 'strong', children: [text('bold '), { kind: 'em', children: [text('and it')] }] },
      text(' '),
      { kind: 'del', children: [{ kind: 'em', children: [text('x')] }] },
    ]);
    expect(parseInline('snake_case_name and 2 * 3 * 4', 0)).toEqual([
      text('snake_case_name and 2 * 3 * 4'),
    ]);
    expect(parseInline('**unclosed and `open', 0)).toEqual([text('**unclosed and `open')]);
  });

  it('reads fenced code blocks verbatim, closed or not', () => {
    expect(parseMarkdown('before\n```ts\nconst a = **1**;\n<b>x</b>\n```\nafter')).toEqual([
      { kind: 'paragraph', children: [text('before')] },
      { kind: 'code', text: 'const a = **1**;\n<b>x</b>', language: 'ts' },
      { kind: 'paragraph', children: [text('after')] },
    ]);
    expect(parseMarkdown('```\nnever closed')).toEqual([
      { kind: 'code', text: 'never closed', language: '' },
    ]);
  });

  it('reads block quotes, with Markdown inside', () => {
    expect(parseMarkdown('> quoted **text**\n> more\nafter')).toEqual([
      {
        kind: 'quote',
        children: [
          {
            kind: 'paragraph',
            children: [
              text('quoted '),
              { kind: 'strong', children: [text('text')] },
              { kind: 'br' },
              text('more'),
            ],
          },
        ],
      },
      { kind: 'paragraph', children: [text('after')] },
    ]);
  });

  it('reads bulleted and numbered lists', () => {
    expect(parseMarkdown('- one\n* *two*\n\n3. three\n4) four')).toEqual([
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [[text('one')], [{ kind: 'em', children: [text('two')] }]],
      },
      { kind: 'list', ordered: true, start: 3, items: [[text('three')], [text('four')]] },
    ]);
  });

  it('links bare http(s) URLs, without trailing punctuation', () => {
    expect(parseInline('see https://example.com/a_(b)?q=1, and http://x.test.', 0)).toEqual([
      text('see '),
      {
        kind: 'link',
        href: 'https://example.com/a_(b)?q=1',
        text: 'https://example.com/a_(b)?q=1',
      },
      text(', and '),
      { kind: 'link', href: 'http://x.test/', text: 'http://x.test' },
      text('.'),
    ]);
  });

  it('bounds nesting: deep quotes end as text', () => {
    const blocks = parseMarkdown('>>>>>>>> deep');
    expect(JSON.stringify(blocks)).toContain('> deep');
  });
});

describe('the XSS corpus', () => {
  const corpus = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    'javascript:alert(1)',
    '[click](javascript:alert(1))',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    '<svg onload=alert(1)><circle r=9/></svg>',
    '**<b onmouseover=alert(1)>bold</b>**',
    '`</code><script>alert(1)</script>`',
    '```\n</pre><script>alert(1)</script>\n```',
    'https://example.com/"onmouseover="alert(1)',
    'http://x.test/<script>alert(1)</script>',
    '> <iframe src=javascript:alert(1)>',
    '- <style>*{display:none}</style>',
    '**_~~`unbalanced',
  ];

  it.each(corpus)('keeps %j as text, and links only http(s)', (source) => {
    const found: { kind: string; href?: string }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        found.push(node as { kind: string });
        Object.values(node).forEach(walk);
      }
    };
    walk(parseMarkdown(source));
    for (const node of found.filter((n) => n.kind === 'link')) {
      expect(node.href).toMatch(/^https?:\/\//);
      expect(node.href).not.toMatch(/[<>"]/);
    }
    // Every character typed is still there, in text, code or link nodes.
    const shown = JSON.stringify(parseMarkdown(source));
    for (const word of source.match(/[a-z]{4,}/g) ?? []) expect(shown).toContain(word);
  });

  it('refuses every scheme but http and https', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc']) {
      expect(safeHref(url)).toBeUndefined();
    }
    expect(safeHref('https://example.com')).toBe('https://example.com/');
  });
});
