import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { Message, Room } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import type { NotificationEvent, NotifyLevel, ReadEvent } from '../../core/realtime/chat-events';
import type { ChatSocketService } from '../../core/realtime/chat-socket.service';
import { ChatStore } from '../chat/chat.store';
import { RoomsStore } from '../rooms/rooms.store';

/** Reading settles this long before the marker is sent: scrolling through sends one `room:read`. */
export const READ_DEBOUNCE_MS = 800;
/** Longest a notification's click waits for its room to open before showing the message. */
const OPEN_WAIT_MS = 5000;

/**
 * Unread and mention counts, read markers, and browser notifications. Counts come from the
 * server (room list, `read` events, a room re-read after a `notification`), so every tab and
 * device shows the same; a message seen live in the open room counts until it is read.
 */
@Injectable({ providedIn: 'root' })
export class AttentionStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly rooms = inject(RoomsStore);
  private readonly auth = inject(AuthStore);
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
    const onVisible = () => {
      // Counts of rooms this tab hears nothing of (muted, or not mentioned) catch up here.
      if (document.visibilityState === 'visible') void this.rooms.load();
    };
    document.addEventListener('visibilitychange', onVisible);
    const stops = [
      socket.on('read', (event) => this.applyRead(event)),
      socket.on('notification', (event) => this.onNotification(event)),
      socket.on('message:new', (message) => this.noteMessage(message)),
      () => document.removeEventListener('visibilitychange', onVisible),
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

  /** A message of the open (joined) room from someone else counts until it is read. */
  private noteMessage(message: Message): void {
    const room = this.rooms.find(message.roomId);
    const membership = room?.membership;
    if (!room || !membership || message.sender.id === this.auth.user()?.id) return;
    if (message.seq <= membership.lastReadSeq) return;
    const mentionsMe =
      room.kind === 'direct' || message.mentions.some((m) => m.id === this.auth.user()?.id);
    this.rooms.replace({
      ...room,
      membership: {
        ...membership,
        unread: membership.unread + 1,
        mentions: membership.mentions + (mentionsMe ? 1 : 0),
      },
    });
  }

  private onNotification({ roomId, message, reason }: NotificationEvent): void {
    // The open room counts its messages as they arrive; any other room is read again.
    if (roomId !== this.openRoom()) void this.refreshRoom(roomId);
    if (!document.hidden && roomId === this.openRoom()) return;
    if (this.permission() !== 'granted') return;
    const room = this.rooms.find(roomId);
    const where = room ? (room.kind === 'direct' ? this.rooms.label(room) : `#${room.name}`) : '';
    const title =
      reason === 'mention'
        ? `${message.sender.username} mentioned you${where ? ` in ${where}` : ''}`
        : `${message.sender.username}${reason === 'direct' ? '' : ` in ${where}`}`;
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
