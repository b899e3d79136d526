import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Message, Room } from '../../core/api/api-types';

@Injectable({ providedIn: 'root' })
export class RoomsStore {
  private readonly http = inject(HttpClient);
  private readonly roomList = signal<Room[]>([]);
  private readonly loadState = signal<'idle' | 'loading' | 'loaded' | 'failed'>('idle');

  readonly rooms = this.roomList.asReadonly();
  readonly isLoading = computed(() => this.loadState() === 'loading');
  readonly hasFailed = computed(() => this.loadState() === 'failed');
  readonly isEmpty = computed(() => this.loadState() === 'loaded' && this.roomList().length === 0);

  async load(): Promise<void> {
    this.loadState.set('loading');
    try {
      this.roomList.set(await firstValueFrom(this.http.get<Room[]>('/api/rooms')));
      this.loadState.set('loaded');
    } catch {
      this.loadState.set('failed');
    }
  }

  async create(name: string, description: string): Promise<Room> {
    const room = await firstValueFrom(this.http.post<Room>('/api/rooms', { name, description }));
    this.upsert(room);
    return room;
  }

  /** A room created or updated anywhere goes to the top: the list is newest activity first. */
  upsert(room: Room): void {
    this.roomList.update((list) => [room, ...list.filter((r) => r.id !== room.id)]);
  }

  /** A message seen live moves its room to the top with its new lastSeq. */
  noteMessage(message: Message): void {
    const room = this.roomList().find((r) => r.id === message.roomId);
    if (room && message.seq > room.lastSeq) this.upsert({ ...room, lastSeq: message.seq });
  }

  find(roomId: string): Room | undefined {
    return this.roomList().find((r) => r.id === roomId);
  }
}
