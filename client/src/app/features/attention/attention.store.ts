import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { Room } from '../../core/api/api-types';
import type { NotificationEvent, NotifyLevel, ReadEvent } from '../../core/realtime/chat-events';
import type { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { ChatStore } from '../chat/chat.store';
import { RoomsStore } from '../rooms/rooms.store';

/** Reading settles this long before the marker is sent: scrolling through sends one `room:read`. */
export const READ_DEBOUNCE_MS = 800;
/** Longest a notification's click waits for its room to open before showing the message. */
const OPEN_WAIT_MS = 5000;

/**
 * Read markers and browser notifications; the tab title's total. Counts come from the server
 * (the room list, `read` events) and from the live messages of every member room (RoomsStore),
 * so every tab and device shows the same.
 */
@Injectable({ providedIn: 'root' })
export class AttentionStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly rooms = inject(RoomsStore);
  private readonly chat = inject(ChatStore);

  private readonly openRoom = signal<string | null>(null);
  private readonly permission = signal<NotificationPermission | 'unsupported'>(
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  /** Browser notifications shown, by room: a `read` of that room closes them. */
  private readonly shown = new Map<string, Notification[]>();
  private readonly pendingReads = new Map<string, number>();
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private socket?: ChatSocketService;

  /** Unread messages in rooms that are not muted: the "(N)" of the tab title. */
  readonly totalUnread = computed(() =>
    this.rooms
      .rooms()
      .filter((room) => room.membership && room.membership.notify !== 'none')
      .reduce((sum, room) => sum + (room.membership?.unread ?? 0), 0),
  );
  readonly titlePrefix = computed(() => (this.totalUnread() > 0 ? `(${this.totalUnread()}) ` : ''));
  /** True while the browser could show notifications but has not been asked yet. */
  readonly canAskPermission = computed(() => this.permission() === 'default');

  /** Keeps the counts live; returns the unsubscribe function. */
  listen(socket: ChatSocketService): () => void {
    this.socket = socket;
    const stops = [
      socket.on('read', (event) => this.applyRead(event)),
      socket.on('notification', (event) => this.onNotification(event)),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** The room on screen (null: none): its notifications are not shown while the tab is visible. */
  setOpenRoom(roomId: string | null): void {
    this.openRoom.set(roomId);
  }

  /**
   * Messages up to `seq` were on screen while the tab was visible: the marker moves there,
   * debounced, and only forward.
   */
  markSeen(roomId: string, seq: number): void {
    const held = this.rooms.find(roomId)?.membership;
    if (!held || seq <= held.lastReadSeq) return;
    if (seq <= (this.pendingReads.get(roomId) ?? 0)) return;
    this.pendingReads.set(roomId, seq);
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => void this.flushReads(), READ_DEBOUNCE_MS);
  }

  /**
   * "Mark as read" (or Escape in the room): the marker goes to the room's newest message now,
   * without waiting for it to be on screen.
   */
  async markAllRead(roomId: string): Promise<void> {
    const room = this.rooms.find(roomId);
    if (!room?.membership || room.lastSeq <= room.membership.lastReadSeq) return;
    this.pendingReads.delete(roomId);
    try {
      const reply = await this.socket?.request('room:read', { roomId, seq: room.lastSeq });
      if (reply?.ok) this.applyRead({ roomId, ...reply });
    } catch {
      // Offline: the badge stays until the messages are read on screen.
    }
  }

  /** Asked on a click, never on load. */
  async askPermission(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    this.permission.set(await Notification.requestPermission());
  }

  async setNotify(roomId: string, notify: NotifyLevel): Promise<void> {
    const room = await firstValueFrom(
      this.http.patch<Room>(`/api/rooms/${roomId}/members/me`, { notify }),
    );
    this.rooms.replace(room);
  }

  private async flushReads(): Promise<void> {
    const reads = [...this.pendingReads];
    this.pendingReads.clear();
    for (const [roomId, seq] of reads) {
      try {
        const reply = await this.socket?.request('room:read', { roomId, seq });
        if (reply?.ok) this.applyRead({ roomId, ...reply });
      } catch {
        // Offline or refused: the next message seen tries again.
      }
    }
  }

  private applyRead({ roomId, lastReadSeq, unread, mentions }: ReadEvent): void {
    const room = this.rooms.find(roomId);
    if (room?.membership && lastReadSeq >= room.membership.lastReadSeq) {
      this.rooms.replace({
        ...room,
        membership: { ...room.membership, lastReadSeq, unread, mentions },
      });
    }
    for (const shown of this.shown.get(roomId) ?? []) shown.close();
    this.shown.delete(roomId);
  }

  private onNotification({ roomId, message, reason }: NotificationEvent): void {
    // Every member room counts its messages as they arrive; a room not listed yet is read.
    if (!this.rooms.find(roomId)) void this.refreshRoom(roomId);
    if (!document.hidden && roomId === this.openRoom()) return;
    if (this.permission() !== 'granted') return;
    const room = this.rooms.find(roomId);
    // A direct room is named after its people, the sender among them: the sender says it.
    const where = room && room.kind !== 'direct' ? `#${room.name}` : '';
    const title =
      reason === 'mention'
        ? `${message.sender.username} mentioned you${where ? ` in ${where}` : ''}`
        : `${message.sender.username}${where ? ` in ${where}` : ''}`;
    const shown = new Notification(title, { body: message.body.slice(0, 200), tag: roomId });
    shown.onclick = () => {
      window.focus();
      shown.close();
      void this.openAt(roomId, message.seq);
    };
    this.shown.set(roomId, [...(this.shown.get(roomId) ?? []), shown]);
  }

  /** Opens the room with that message on screen, highlighted (once the room has loaded). */
  private async openAt(roomId: string, seq: number): Promise<void> {
    await this.router.navigate(['/rooms', roomId]);
    for (let waited = 0; waited < OPEN_WAIT_MS; waited += 50) {
      if (this.chat.state() === 'ready' && this.chat.room()?.id === roomId) {
        await this.chat.jumpTo(seq);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async refreshRoom(roomId: string): Promise<void> {
    try {
      this.rooms.upsert(await firstValueFrom(this.http.get<Room>(`/api/rooms/${roomId}`)));
    } catch {
      // Gone or offline: the list catches up on the next load.
    }
  }
}
