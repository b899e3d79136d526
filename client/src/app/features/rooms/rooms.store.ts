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

/** A change to an unread message may move the counts: they are read again after this quiet spell. */
export const COUNTS_REFRESH_MS = 300;

/**
 * Every room the caller can see: the sidebar's sections (rooms, direct messages) and the
 * public rooms to browse, kept live by `room:*` events. The socket is in every room the
 * caller is a member of, so each one's `message:new` moves it up and counts it as unread.
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
  /** Ids of the rooms the caller is a member of (the socket joins each); same set, same value. */
  readonly memberIds = computed(
    () =>
      this.roomList()
        .filter((room) => !!room.membership)
        .map((room) => room.id)
        .sort(),
    { equal: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]) },
  );
  /** Rooms whose counts are read again once changes to their messages settle. */
  private readonly staleCounts = new Set<string>();
  private countsTimer: ReturnType<typeof setTimeout> | undefined;
  private readsInFlight = 0;
  /** Messages counted live while a read of the counts was on its way, by room. */
  private readonly countedMeanwhile = new Map<string, { seq: number; isMention: boolean }[]>();

  async load(): Promise<void> {
    this.loadState.set('loading');
    try {
      this.roomList.set(await firstValueFrom(this.http.get<Room[]>('/api/rooms')));
      this.loadState.set('loaded');
    } catch {
      this.loadState.set('failed');
    }
  }

  /**
   * Reads the list again in place (no loading state): after the socket has joined every
   * member room, what the server counts now stays exact with the live events on top.
   */
  async refresh(): Promise<void> {
    try {
      await this.readCounts(
        () => firstValueFrom(this.http.get<Room[]>('/api/rooms')),
        (rooms) => this.roomList.set(rooms.map((room) => this.withLive(room))),
      );
      this.loadState.set('loaded');
    } catch {
      // Offline: the next reconnect reads it again.
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
    // The ack's room was read before the join: messages counted live since are newer.
    const isBehind = !!held?.membership && held.lastSeq > room.lastSeq;
    const membership = isBehind
      ? held.membership
      : (room.membership ?? held?.membership ?? NEW_MEMBERSHIP);
    const joined = {
      ...mergeRoom(held, room),
      membership,
      lastSeq: Math.max(room.lastSeq, held?.lastSeq ?? 0),
    };
    if (held) this.replace(joined);
    else this.upsert(joined);
  }

  /**
   * A message seen live moves its room to the top with its new lastSeq; one from someone else
   * after the read marker counts as unread, and as a mention when it names me (in a direct
   * room every one does). A seq the room already holds was counted by the server already.
   */
  noteMessage(message: Message): void {
    const room = this.find(message.roomId);
    if (!room || message.seq <= room.lastSeq) return;
    const membership = room.membership;
    const myId = this.auth.user()?.id;
    const isUnread =
      !!membership && message.sender.id !== myId && message.seq > membership.lastReadSeq;
    if (!isUnread) {
      this.upsert({ ...room, lastSeq: message.seq });
      return;
    }
    const mentionsMe =
      room.kind === 'direct' || message.mentions.some((mention) => mention.id === myId);
    if (this.readsInFlight > 0) {
      const counted = this.countedMeanwhile.get(room.id) ?? [];
      this.countedMeanwhile.set(room.id, [...counted, { seq: message.seq, isMention: mentionsMe }]);
    }
    this.upsert({
      ...room,
      lastSeq: message.seq,
      membership: {
        ...membership,
        unread: membership.unread + 1,
        mentions: membership.mentions + (mentionsMe ? 1 : 0),
      },
    });
  }

  /**
   * A message deleted or edited after the read marker may leave the counts (or, by a mention
   * added or removed, move the mention count): the server's count is read again, once the
   * changes settle. Its tombstone no longer says whether it named me, so no guess is made here.
   */
  noteChanged(message: Message): void {
    const membership = this.find(message.roomId)?.membership;
    if (!membership || message.seq <= membership.lastReadSeq) return;
    if (message.sender.id === this.auth.user()?.id) return;
    if (!message.deletedAt && !message.editedAt) return;
    this.staleCounts.add(message.roomId);
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(() => void this.refreshCounts(), COUNTS_REFRESH_MS);
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
      socket.on('message:new', (message) => this.noteMessage(message)),
      socket.on('message:updated', (message) => this.noteChanged(message)),
      socket.onMemberRoomsJoined(() => void this.refresh()),
      () => clearTimeout(this.countsTimer),
    ];
    return () => stops.forEach((stop) => stop());
  }

  private async refreshCounts(): Promise<void> {
    const roomIds = [...this.staleCounts];
    this.staleCounts.clear();
    for (const roomId of roomIds) {
      try {
        await this.readCounts(
          () => firstValueFrom(this.http.get<Room>(`/api/rooms/${roomId}`)),
          (room) => {
            if (this.find(roomId)) this.replace(this.withLive(room));
          },
        );
      } catch {
        // Gone or offline: the room's next event or the next reconnect reads it again.
      }
    }
  }

  /**
   * Reads the server's counts and applies them with the live messages counted while the read
   * was on its way.
   */
  private async readCounts<T>(read: () => Promise<T>, apply: (read: T) => void): Promise<void> {
    this.readsInFlight++;
    try {
      apply(await read());
    } finally {
      if (--this.readsInFlight === 0) this.countedMeanwhile.clear();
    }
  }

  /**
   * A room as the server counted it, plus the messages counted live that its read did not
   * see yet (their `message:new` came before its reply).
   */
  private withLive(room: Room): Room {
    const membership = room.membership;
    const meanwhile = (this.countedMeanwhile.get(room.id) ?? []).filter(
      (counted) => counted.seq > room.lastSeq,
    );
    if (!membership || meanwhile.length === 0) return room;
    const unseen = meanwhile.filter((counted) => counted.seq > membership.lastReadSeq);
    return {
      ...room,
      lastSeq: Math.max(room.lastSeq, ...meanwhile.map((counted) => counted.seq)),
      membership: {
        ...membership,
        unread: membership.unread + unseen.length,
        mentions: membership.mentions + unseen.filter((counted) => counted.isMention).length,
      },
    };
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
