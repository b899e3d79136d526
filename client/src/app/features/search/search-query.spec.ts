import { groupByRoom, parseBox, SearchResult, snippetParts } from './search-query';

describe('parseBox', () => {
  it('takes from: and in: out of the words', () => {
    expect(parseBox('deploy from:@Alice in:#general friday')).toEqual({
      q: 'deploy friday',
      from: 'Alice',
      inRoom: 'general',
    });
    expect(parseBox('in:"team room" notes')).toEqual({ q: 'notes', inRoom: 'team room' });
    expect(parseBox('  "a phrase"  here ')).toEqual({ q: '"a phrase" here' });
    expect(parseBox('from: words')).toEqual({ q: 'words' });
  });

  it('leaves a colon inside a word alone', () => {
    expect(parseBox('time 10:30 info:x')).toEqual({ q: 'time 10:30 info:x' });
  });
});

describe('snippetParts', () => {
  it('cuts by code points, emoji included', () => {
    expect(
      snippetParts('👋🏽 Café 🎉 cafe', [
        [3, 7],
        [10, 14],
      ]),
    ).toEqual([
      { text: '👋🏽 ', isMatch: false },
      { text: 'Café', isMatch: true },
      { text: ' 🎉 ', isMatch: false },
      { text: 'cafe', isMatch: true },
    ]);
  });

  it('survives ranges out of bounds or overlapping', () => {
    expect(
      snippetParts('abc', [
        [1, 9],
        [0, 2],
      ]),
    ).toEqual([
      { text: 'ab', isMatch: true },
      { text: 'c', isMatch: true },
    ]);
  });
});

describe('groupByRoom', () => {
  it('keeps rooms in the order of their newest result', () => {
    const result = (id: string, roomId: string) =>
      ({ message: { id }, room: { id: roomId, name: roomId, kind: 'public' } }) as SearchResult;
    const groups = groupByRoom([result('1', 'a'), result('2', 'b'), result('3', 'a')]);
    expect(groups.map((g) => [g.room.id, g.results.map((r) => r.index)])).toEqual([
      ['a', [0, 2]],
      ['b', [1]],
    ]);
  });
});
