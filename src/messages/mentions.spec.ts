import { MentionRef, mentionCandidates, resolveMentions } from './mentions';

const bob = { id: 'id-bob', username: 'bob' };
const bobby = { id: 'id-bobby', username: 'Bobby' };
const dotted = { id: 'id-dotted', username: 'bob.smith' };
const ann = { id: 'id-ann', username: 'ann-marie' };

function membersOf(...refs: MentionRef[]): Map<string, MentionRef> {
  return new Map(refs.map((ref) => [ref.username.toLowerCase(), ref]));
}

function mentioned(body: string, ...refs: MentionRef[]): string[] {
  return resolveMentions(body, membersOf(...refs)).map((ref) => ref.username);
}

describe('mentions', () => {
  it.each([
    ['@bob', ['bob']],
    ['hi @bob', ['bob']],
    ['@bob.', ['bob']],
    ['@bob,', ['bob']],
    ['@bob-', ['bob']],
    ['(@bob)', ['bob']],
    ['@bob!? really', ['bob']],
    ['@bobx', []],
    ['@bob_', []],
    ['@bob1', []],
    ['x@bob.com', []],
    ['mail bob@bob.com', []],
    ['@BOB', ['bob']],
    ['@BoB: hi', ['bob']],
    ['@@bob', ['bob']],
    ['line\n@bob', ['bob']],
    ['@bob @bob @BOB', ['bob']],
    ['@', []],
    ['@ bob', []],
    ['no mention', []],
  ])('%j mentions %j when bob is a member', (body, expected) => {
    expect(mentioned(body, bob)).toEqual(expected);
  });

  it('takes the longest member username: @bobby is bobby, @bob is bob', () => {
    expect(mentioned('@bobby', bob, bobby)).toEqual(['Bobby']);
    expect(mentioned('@bob', bob, bobby)).toEqual(['bob']);
    expect(mentioned('@bobby and @bob', bob, bobby)).toEqual(['bob', 'Bobby']);
  });

  it('does not fall back to a shorter username that runs on into a letter', () => {
    // Only bob is a member: `@bobby` is not bob (followed by "b").
    expect(mentioned('@bobby', bob)).toEqual([]);
  });

  it('usernames with "." and "-" match whole, and a shorter one still matches before "."', () => {
    expect(mentioned('@bob.smith hi', bob, dotted)).toEqual(['bob.smith']);
    expect(mentioned('@bob.smith hi', bob)).toEqual(['bob']);
    expect(mentioned('@ann-marie!', ann)).toEqual(['ann-marie']);
  });

  it('never mentions a non-member', () => {
    expect(mentioned('@carol', bob)).toEqual([]);
  });

  it('lists the lower-cased candidates to look up, none without an @', () => {
    expect(mentionCandidates('no at sign')).toEqual([]);
    expect(mentionCandidates('x@bob.com')).toEqual([]);
    expect(mentionCandidates('@Bob.S hi')).toEqual(['bob', 'bob.s']);
    expect(mentionCandidates('@bobx')).toEqual(['bobx']);
  });

  it('stays linear on a body full of @', () => {
    const body = '@abc '.repeat(800);
    const started = performance.now();
    expect(mentioned(body, { id: 'a', username: 'abc' })).toEqual(['abc']);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
