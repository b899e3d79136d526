import { LocalPresenceStore } from './presence-store';

describe('LocalPresenceStore', () => {
  const alice = { id: 'u1', username: 'alice', createdAt: '2026-01-01T00:00:00.000Z' };
  const bob = { id: 'u2', username: 'bob', createdAt: '2026-01-01T00:00:00.000Z' };

  it('counts users, not sockets', async () => {
    const presence = new LocalPresenceStore();
    expect(await presence.add('room', alice, 's1')).toBe(true);
    expect(await presence.add('room', alice, 's2')).toBe(false);
    expect(await presence.add('room', bob, 's3')).toBe(true);
    expect(await presence.usersIn('room')).toEqual([alice, bob]);

    expect(await presence.remove('room', alice.id, 's1')).toBe(false);
    expect(await presence.usersIn('room')).toEqual([alice, bob]);
    expect(await presence.remove('room', alice.id, 's2')).toBe(true);
    expect(await presence.usersIn('room')).toEqual([bob]);
  });

  it('ignores removing a socket that was never there', async () => {
    const presence = new LocalPresenceStore();
    await presence.add('room', alice, 's1');
    expect(await presence.remove('room', alice.id, 'other')).toBe(false);
    expect(await presence.remove('elsewhere', alice.id, 's1')).toBe(false);
    expect(await presence.usersIn('room')).toEqual([alice]);
  });
});
