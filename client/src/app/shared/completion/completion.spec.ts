import { Completion, type CompletionSource, insertCompletion } from './completion';

const key = (k: string, init: KeyboardEventInit = {}) =>
  new KeyboardEvent('keydown', { key: k, ...init });

describe('insertCompletion', () => {
  it('replaces the query with the option, leaving the rest, the caret after the insertion', () => {
    expect(insertCompletion('hi @bo there', 6, 3, '@bobby ')).toEqual({
      text: 'hi @bobby  there',
      caret: 10,
    });
  });
});

describe('Completion', () => {
  const fruit: CompletionSource = {
    id: 'fruit',
    label: 'Fruit',
    queryAt: (text, caret) => {
      const match = /#(\w*)$/.exec(text.slice(0, caret));
      return match ? { start: caret - match[0].length, prefix: match[1] } : null;
    },
    suggest: (prefix) =>
      ['apple', 'apricot', 'banana']
        .filter((name) => name.startsWith(prefix))
        .map((name) => ({ key: name, label: name, insert: name })),
  };
  const slow: CompletionSource = {
    ...fruit,
    id: 'slow',
    queryAt: (text, caret) =>
      text.startsWith('!') ? { start: 0, prefix: text.slice(1, caret) } : null,
    suggest: (prefix) =>
      new Promise((resolve) =>
        setTimeout(() => resolve([{ key: prefix, label: prefix, insert: prefix }]), 20),
      ),
  };
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('opens on a source’s query, moves with the arrows (wrapping), picks with Enter', async () => {
    const completion = new Completion(() => [fruit]);
    completion.update('eat #ap', 7);
    await settled();
    expect(completion.source()?.id).toBe('fruit');
    expect(completion.options().map((o) => o.label)).toEqual(['apple', 'apricot']);
    expect(completion.onKey(key('ArrowDown'))).toBe('moved');
    expect(completion.active()).toBe(1);
    expect(completion.onKey(key('ArrowDown'))).toBe('moved');
    expect(completion.active()).toBe(0);
    expect(completion.onKey(key('ArrowUp'))).toBe('moved');
    expect(completion.onKey(key('Enter'))).toBe('pick');
    expect(completion.pick('eat #ap', 7)).toEqual({ text: 'eat apricot', caret: 11 });
    expect(completion.isOpen()).toBe(false);
  });

  it('picks with Tab; Escape closes; Shift+Enter and other keys are the field’s', async () => {
    const completion = new Completion(() => [fruit]);
    completion.update('#b', 2);
    await settled();
    expect(completion.onKey(key('Enter', { shiftKey: true }))).toBe('none');
    expect(completion.onKey(key('a'))).toBe('none');
    expect(completion.onKey(key('Tab'))).toBe('pick');
    completion.update('#b', 2);
    await settled();
    expect(completion.onKey(key('Escape'))).toBe('closed');
    expect(completion.isOpen()).toBe(false);
    expect(completion.onKey(key('Enter'))).toBe('none');
  });

  it('closes when no query is typed; only the answer to the latest keystroke counts', async () => {
    const completion = new Completion(() => [slow, fruit]);
    completion.update('!a', 2);
    completion.update('!ab', 3);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(completion.options().map((o) => o.label)).toEqual(['ab']);
    completion.update('plain text', 10);
    expect(completion.isOpen()).toBe(false);
  });
});
