import { mentionParts } from './mention-parts';

const bob = { id: 'b', username: 'bob' };
const bobby = { id: 'bb', username: 'Bobby' };

describe('mentionParts', () => {
  it('keeps a body without mentions whole', () => {
    expect(mentionParts('hi @bob', [], 'b')).toEqual([
      { text: 'hi @bob', isMention: false, isMe: false },
    ]);
  });

  it('sets apart each mention, the reader’s own marked, the text kept exactly', () => {
    const parts = mentionParts('hi @BOB, @bobby. x@bob.com @bobx', [bob, bobby], 'b');
    expect(parts.map((p) => p.text).join('')).toBe('hi @BOB, @bobby. x@bob.com @bobx');
    expect(parts.filter((p) => p.isMention).map((p) => [p.text, p.isMe])).toEqual([
      ['@BOB', true],
      ['@bobby', false],
    ]);
  });
});
