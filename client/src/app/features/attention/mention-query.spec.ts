import { mentionQueryAt } from './mention-query';

describe('mentionQueryAt', () => {
  it('finds the @prefix before the caret where a mention may start', () => {
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ start: 3, prefix: 'bo' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, prefix: '' });
    expect(mentionQueryAt('(@al', 4)).toEqual({ start: 1, prefix: 'al' });
  });

  it('ignores an e-mail address and a finished word', () => {
    expect(mentionQueryAt('x@bob', 5)).toBeNull();
    expect(mentionQueryAt('@bob done', 9)).toBeNull();
  });
});
