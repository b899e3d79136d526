import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Membership, Room } from '../../core/api/api-types';
import { RoomsStore } from '../rooms/rooms.store';

/** Participants of a direct conversation besides the caller (API.md: 1–8). */
export const MAX_DIRECT_PEOPLE = 8;

const DIRECT_MEMBERSHIP: Membership = {
  role: 'member',
  lastReadSeq: 0,
  unread: 0,
  mentions: 0,
  notify: 'all',
};

/** Starting direct conversations: `POST /api/direct` gets or creates one per set of people. */
@Injectable({ providedIn: 'root' })
export class DirectStore {
  private readonly http = inject(HttpClient);
  private readonly rooms = inject(RoomsStore);

  /** The conversation with exactly these people (and the caller), new or existing. */
  async start(userIds: readonly string[]): Promise<Room> {
    const room = await firstValueFrom(
      this.http.post<Room>('/api/direct', { userIds: [...new Set(userIds)] }),
    );
    this.rooms.upsert(room, DIRECT_MEMBERSHIP);
    return room;
  }
}
