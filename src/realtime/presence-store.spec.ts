import { LocalPresenceStore } from './presence-store';

describe('LocalPresenceStore', () => {
  const createdAt = '2026-01-01T00:00:00.000Z';
  const alice = { id: 'u1', username: 'alice', createdAt, displayName: 'alice', avatarUrl: null };
  const bob = { id: 'u2', username: 'bob', createdAt, displayName: 'bob', avatarUrl: null };

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

  it('shows a new name where the user is present, and nowhere else', async () => {
    const presence = new LocalPresenceStore();
    await presence.add('room', alice, 's1');
    await presence.add('other', bob, 's2');
    const renamed = { ...alice, displayName: 'Alice L.' };
    await presence.refreshUser(renamed, ['room', 'other']);
    expect(await presence.usersIn('room')).toEqual([renamed]);
    expect(await presence.usersIn('other')).toEqual([bob]);
  });

  it('tells which of some users are present, as they show there', async () => {
    const presence = new LocalPresenceStore();
    await presence.add('room', alice, 's1');
    await presence.add('other', bob, 's2');
    expect(await presence.presentAmong('room', [bob.id, alice.id, 'nobody'])).toEqual([alice]);
    expect(await presence.presentAmong('empty', [alice.id])).toEqual([]);
  });
});
