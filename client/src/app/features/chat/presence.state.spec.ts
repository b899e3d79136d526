import { PresenceState } from './presence.state';

const user = (id: string, username = id) => ({
  id,
  username,
  createdAt: '2026-01-01T00:00:00.000Z',
  displayName: username,
  avatarUrl: null,
});

describe('PresenceState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lists members by name and applies deltas as set operations', () => {
    const presence = new PresenceState();
    presence.setMembers([user('u2', 'zoe'), user('u1', 'adam')]);
    presence.apply([user('u3', 'mia'), user('u3', 'mia')], [user('u2', 'zoe')]);
    expect(presence.users().map((u) => u.username)).toEqual(['adam', 'mia']);
  });

  it('takes a coalesced delta that repeats what it knows without change', () => {
    const presence = new PresenceState();
    presence.setMembers([user('u1', 'adam'), user('u2', 'zoe')]);
    // The server names a user once per window by their state at its end: an arrival already
    // seen, a departure of someone it never saw arrive.
    presence.apply([user('u2', 'zoe')], [user('u9', 'gone')]);
    expect(presence.users().map((u) => u.username)).toEqual(['adam', 'zoe']);
  });

  it('stops showing someone as typing six seconds after their last "typing", if no "stopped" comes', () => {
    const presence = new PresenceState();
    const bob = user('u-bob', 'bob');
    presence.showTyping(bob, true);
    vi.advanceTimersByTime(5000);
    presence.showTyping(bob, true); // still typing: the six seconds start again
    vi.advanceTimersByTime(5000);
    expect(presence.typingUsers()).toEqual([bob]);
    vi.advanceTimersByTime(1000);
    expect(presence.typingUsers()).toEqual([]);
  });

  it('forgets members, typists and their timers when cleared', () => {
    const presence = new PresenceState();
    presence.setMembers([user('u1')]);
    presence.showTyping(user('u1'), true);
    presence.clear();
    expect(presence.users()).toEqual([]);
    expect(presence.typingUsers()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
