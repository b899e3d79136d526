import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MemberRole, Room } from '../../core/api/api-types';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { ALICE, nextTurn, setUpChatTestBed } from '../../testing/chat-test-bed';
import { aDirectRoom, aMember, aRoom, BOB, CAROL } from '../../testing/rooms';
import { MembersPanelComponent } from './members-panel.component';

describe('MembersPanelComponent', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    let sockets;
    ({ backend, sockets } = setUpChatTestBed());
    TestBed.inject(ChatSocketService).connect();
    sockets[0].serverConnects();
  });

  async function render(room: Room, online: string[] = []) {
    const fixture = TestBed.createComponent(MembersPanelComponent);
    fixture.componentRef.setInput('room', room);
    fixture.componentRef.setInput('onlineIds', new Set(online));
    fixture.detectChanges();
    backend
      .expectOne((req) => req.url === `/api/rooms/${room.id}/members`)
      .flush({
        members: [
          aMember(ALICE, room.membership?.role),
          aMember(BOB, 'owner'),
          aMember(CAROL, 'admin'),
        ],
        hasMore: false,
      });
    await nextTurn();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const buttons = () =>
      [...element.querySelectorAll('button')].map(
        (b) => b.getAttribute('aria-label') ?? b.textContent.trim(),
      );
    return { element, buttons };
  }

  const roomAs = (role: MemberRole) =>
    aRoom('r', {
      membership: { role, lastReadSeq: 0, unread: 0, mentions: 0, notify: 'mentions' },
    });

  it('shows an owner every action on others, and an add field', async () => {
    const { element, buttons } = await render(roomAs('owner'));
    expect(element.querySelector('input[role="combobox"]')).not.toBeNull();
    expect(buttons()).toEqual([
      'Make admin: bob',
      'Make member: bob',
      'Remove bob',
      'Ban bob',
      'Make owner: carol',
      'Make member: carol',
      'Remove carol',
      'Ban carol',
      'Leave room',
    ]);
  });

  it('shows an admin removal and ban of admins, nothing against owners, no roles', async () => {
    const { buttons } = await render(roomAs('admin'));
    expect(buttons()).toEqual(['Remove carol', 'Ban carol', 'Leave room']);
  });

  it('shows a member no moderation at all, and no add field', async () => {
    const { element, buttons } = await render(roomAs('member'));
    expect(element.querySelector('input[role="combobox"]')).toBeNull();
    expect(buttons()).toEqual(['Leave room']);
  });

  it('shows nothing to change in a direct room, not even Leave', async () => {
    const { element, buttons } = await render(aDirectRoom('r', [BOB, CAROL]));
    expect(element.querySelector('input[role="combobox"]')).toBeNull();
    expect(buttons()).toEqual([]);
  });

  it('says who is online in words, not by colour alone', async () => {
    const { element } = await render(roomAs('member'), [BOB.id]);
    const rows = [...element.querySelectorAll('li')].map((li) =>
      li.textContent.replace(/\s+/g, ' ').trim(),
    );
    expect(rows).toEqual([
      'alice(you), offline, Member',
      'bob, online, Owner',
      'carol, offline, Admin',
    ]);
  });
});
