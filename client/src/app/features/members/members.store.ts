import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { errorMessages } from '../../core/api/api-errors';
import type { Member, MemberPage, MemberRole } from '../../core/api/api-types';
import type { RoomMemberEvent } from '../../core/realtime/chat-events';
import { ChatSocketService } from '../../core/realtime/chat-socket.service';

const PAGE_SIZE = 100;

const byUsername = (a: Member, b: Member) => a.user.username.localeCompare(b.user.username);

/**
 * The members of the open room's panel: loaded page by page, kept live by `room:member`,
 * changed by the moderation calls (each of which the server answers with `room:member` too).
 */
@Injectable({ providedIn: 'root' })
export class MembersStore {
  private readonly http = inject(HttpClient);
  private readonly socket = inject(ChatSocketService);
  private readonly byId = signal<ReadonlyMap<string, Member>>(new Map());
  private readonly loadState = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  private readonly lastError = signal('');
  private roomId: string | null = null;
  private stopListening?: () => void;

  readonly members = computed(() => [...this.byId().values()].sort(byUsername));
  readonly isLoading = computed(() => this.loadState() === 'loading');
  readonly hasFailed = computed(() => this.loadState() === 'failed');
  /** The server's sentence for the last action it refused ('' when none). */
  readonly error = this.lastError.asReadonly();

  async open(roomId: string): Promise<void> {
    this.close();
    this.roomId = roomId;
    this.loadState.set('loading');
    this.stopListening = this.socket.on('room:member', (event) => this.apply(event));
    try {
      const all: Member[] = [];
      let after: string | undefined;
      for (;;) {
        const params: Record<string, string | number> = { limit: PAGE_SIZE };
        if (after !== undefined) params['after'] = after;
        const page = await firstValueFrom(
          this.http.get<MemberPage>(`/api/rooms/${roomId}/members`, { params }),
        );
        if (this.roomId !== roomId) return;
        all.push(...page.members);
        after = page.members.at(-1)?.user.username;
        if (!page.hasMore || after === undefined) break;
      }
      // Events that came while loading are newer than the pages: they win.
      this.byId.update((live) => new Map([...all.map((m) => [m.user.id, m] as const), ...live]));
      this.loadState.set('ready');
    } catch {
      if (this.roomId === roomId) this.loadState.set('failed');
    }
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.roomId = null;
    this.byId.set(new Map());
    this.lastError.set('');
    this.loadState.set('idle');
  }

  /** `room:member`: the member as they are now, or gone. */
  apply({ roomId, userId, member }: RoomMemberEvent): void {
    if (roomId !== this.roomId) return;
    this.byId.update((current) => {
      const next = new Map(current);
      if (member) next.set(userId, member);
      else next.delete(userId);
      return next;
    });
  }

  add(userId: string): Promise<void> {
    return this.act(async (roomId) => {
      const member = await firstValueFrom(
        this.http.post<Member>(`/api/rooms/${roomId}/members`, { userId }),
      );
      this.apply({ roomId, userId, member });
    });
  }

  remove(userId: string): Promise<void> {
    return this.act(async (roomId) => {
      await firstValueFrom(this.http.delete(`/api/rooms/${roomId}/members/${userId}`));
      this.apply({ roomId, userId, member: null });
    });
  }

  setRole(userId: string, role: MemberRole): Promise<void> {
    return this.act(async (roomId) => {
      const member = await firstValueFrom(
        this.http.patch<Member>(`/api/rooms/${roomId}/members/${userId}`, { role }),
      );
      this.apply({ roomId, userId, member });
    });
  }

  ban(userId: string): Promise<void> {
    return this.act(async (roomId) => {
      await firstValueFrom(this.http.put(`/api/rooms/${roomId}/bans/${userId}`, null));
      this.apply({ roomId, userId, member: null });
    });
  }

  dismissError(): void {
    this.lastError.set('');
  }

  private async act(call: (roomId: string) => Promise<void>): Promise<void> {
    const roomId = this.roomId;
    if (!roomId) return;
    this.lastError.set('');
    try {
      await call(roomId);
    } catch (error) {
      if (this.roomId === roomId) this.lastError.set(errorMessages(error).join(' '));
    }
  }
}
