import type { Room } from '../../core/api/api-types';
import { ALICE } from '../../testing/chat-test-bed';
import { aDirectRoom, aRoom, BOB, CAROL } from '../../testing/rooms';
import { roomLabel } from '../rooms/room-sections';
import { switcherItems } from './quick-switcher';

const label = (room: Room) => roomLabel(room, ALICE.id);
const rooms = [
  aRoom('1', { name: 'random' }),
  aRoom('2', { name: 'design-review' }),
  aRoom('3', { name: 'Design' }),
  aDirectRoom('4', [BOB]),
];

describe('switcherItems', () => {
  it('offers the recent rooms for an empty query, in list order', () => {
    expect(switcherItems('', rooms, [], label, ALICE.id).map((i) => i.id)).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
  });

  it('matches case-insensitively, label starts first, then word starts, then anywhere', () => {
    const more = [...rooms, aRoom('5', { name: 'web design' }), aRoom('6', { name: 'redesign' })];
    expect(switcherItems('DESIGN', more, [], label, ALICE.id).map((i) => i.label)).toEqual([
      'design-review',
      'Design',
      'web design',
      'redesign',
    ]);
  });

  it('ignores a leading # or @', () => {
    expect(switcherItems('#rand', rooms, [], label, ALICE.id).map((i) => i.id)).toEqual(['1']);
    expect(switcherItems('@bo', rooms, [], label, ALICE.id).map((i) => i.id)).toEqual(['4']);
  });

  it('adds people after rooms, without me and without those a one-to-one room already covers', () => {
    const people = [
      { ...ALICE },
      BOB,
      { ...BOB, id: 'u-bobby', username: 'bobby', displayName: 'bobby' },
    ];
    const items = switcherItems('bob', rooms, people, label, ALICE.id);
    expect(items.map((i) => [i.type, i.label])).toEqual([
      ['room', 'bob'],
      ['person', 'bobby'],
    ]);
    expect(
      switcherItems('', rooms, [CAROL], label, ALICE.id).some((i) => i.type === 'person'),
    ).toBe(false);
  });
});
