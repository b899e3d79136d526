import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { Membership, Message, NewRoom, Room, RoomChanges } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import type { RoomMemberEvent } from '../../core/realtime/chat-events';
import type { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { isMember, mergeRoom, roomLabel, roomSections } from './room-sections';

/** Someone joining a public room by opening it becomes a plain member. */
const NEW_MEMBERSHIP: Membership = {
  role: 'member',
  lastReadSeq: 0,
  unread: 0,
  mentions: 0,
  notify: 'mentions',
};

/**
 * Every room the caller can see: the sidebar's sections (rooms, direct messages) and the
 * public rooms to browse, kept live by `room:*` events.
 */
@Injectable({ providedIn: 'root' })
export class RoomsStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);
  private readonly roomList = signal<Room[]>([]);
  private readonly loadState = signal<'idle' | 'loading' | 'loaded' | 'failed'>('idle');
  private readonly notice = signal('');
  /** Rooms this client is leaving: their `room:removed` is no news to the user. */
  private readonly leaving = new Set<string>();

  readonly rooms = this.roomList.asReadonly();
  readonly sections = computed(() => roomSections(this.roomList()));
  readonly isLoading = computed(() => this.loadState() === 'loading');
  readonly hasFailed = computed(() => this.loadState() === 'failed');
  readonly isEmpty = computed(() => this.loadState() === 'loaded' && this.roomList().length === 0);
  /** Why the user lost a room ("You were removed from #design"); '' when nothing to say. */
  readonly removalNotice = this.notice.asReadonly();

  async load(): Promise<void> {
    this.loadState.set('loading');
    try {
      this.roomList.set(await firstValueFrom(this.http.get<Room[]>('/api/rooms')));
      this.loadState.set('loaded');
    } catch {
      this.loadState.set('failed');
    }
  }

  async create({ kind, ...rest }: NewRoom): Promise<Room> {
    // Public is the default: leaving it out keeps a v1 server (which refuses unknown fields) happy.
    const body = kind === 'public' ? rest : { ...rest, kind };
    const room = await firstValueFrom(this.http.post<Room>('/api/rooms', body));
    this.upsert(room, { ...NEW_MEMBERSHIP, role: 'owner' });
    return room;
  }

  async update(roomId: string, changes: RoomChanges): Promise<Room> {
    const room = await firstValueFrom(this.http.patch<Room>(`/api/rooms/${roomId}`, changes));
    this.replace(room);
    return room;
  }

  /** Leaves for good (not only the socket's room): `DELETE members/me`. Throws the 409 of a last owner. */
  async leave(roomId: string): Promise<void> {
    this.leaving.add(roomId);
    try {
      await firstValueFrom(this.http.delete(`/api/rooms/${roomId}/members/me`));
      this.drop(roomId);
    } finally {
      // The server's own `room:removed` may come after the reply: let it pass quietly first.
      setTimeout(() => this.leaving.delete(roomId), 5000);
    }
  }

  /**
   * A room created, added or changed goes to the top: the list is newest activity first.
   * `fallback` is the membership of a room first seen without one.
   */
  upsert(room: Room, fallback: Room['membership'] = null): void {
    this.roomList.update((list) => [
      mergeRoom(
        list.find((r) => r.id === room.id),
        room,
        fallback,
      ),
      ...list.filter((r) => r.id !== room.id),
    ]);
  }

  /** A room changed (renamed, described) keeps its place. */
  replace(room: Room): void {
    this.roomList.update((list) => list.map((r) => (r.id === room.id ? mergeRoom(r, room) : r)));
  }

  /**
   * The room as the `room:join` ack gave it. Whoever has joined is a member (joining a public
   * room makes one), so an ack without a membership (`null` or none) keeps the one held.
   */
  noteJoined(room: Room): void {
    const held = this.find(room.id);
    const membership = room.membership ?? held?.membership ?? NEW_MEMBERSHIP;
    const joined = { ...mergeRoom(held, room), membership };
    if (held) this.replace(joined);
    else this.upsert(joined);
  }

  /** A message seen live moves its room to the top with its new lastSeq. */
  noteMessage(message: Message): void {
    const room = this.find(message.roomId);
    if (room && message.seq > room.lastSeq) this.upsert({ ...room, lastSeq: message.seq });
  }

  find(roomId: string): Room | undefined {
    return this.roomList().find((r) => r.id === roomId);
  }

  label(room: Room): string {
    return roomLabel(room, this.auth.user()?.id);
  }

  dismissNotice(): void {
    this.notice.set('');
  }

  /** Keeps the list live; returns the unsubscribe function. */
  listen(socket: ChatSocketService): () => void {
    const stops = [
      socket.on('room:created', (room) => this.upsert(room)),
      socket.on('room:added', (room) => this.upsert(room, NEW_MEMBERSHIP)),
      socket.on('room:updated', (room) => this.replace(room)),
      socket.on('room:removed', ({ roomId }) => void this.onRemoved(roomId)),
      socket.on('room:member', (event) => this.onMember(event)),
    ];
    return () => stops.forEach((stop) => stop());
  }

  private async onRemoved(roomId: string): Promise<void> {
    const room = this.find(roomId);
    this.drop(roomId);
    if (this.leaving.has(roomId) || !room || !isMember(room)) return;
    const name = room.kind === 'direct' ? this.label(room) : `#${room.name}`;
    this.notice.set(`You were removed from ${name}.`);
    if (this.router.url.startsWith(`/rooms/${roomId}`)) await this.router.navigateByUrl('/rooms');
  }

  /** A change of the caller's own role shows at once (in what the room lets them do). */
  private onMember({ roomId, userId, member }: RoomMemberEvent): void {
    const room = this.find(roomId);
    if (userId !== this.auth.user()?.id || !room?.membership || !member) return;
    this.replace({ ...room, membership: { ...room.membership, role: member.role } });
  }

  private drop(roomId: string): void {
    this.roomList.update((list) => list.filter((r) => r.id !== roomId));
  }
}
