import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { MemberPage, UserRef } from '../../core/api/api-types';
import { UserDirectoryService } from '../../core/api/user-directory.service';

/** Suggestions shown at once. */
const SHOWN = 6;
/** A room with up to this many members is read whole once and filtered here. */
const WHOLE_ROOM = 100;

/**
 * Who `@` + a prefix could mean in a room: its members (read once per room); in a bigger room
 * the directory answers the prefix (the server mentions members only, whatever is typed).
 */
@Injectable({ providedIn: 'root' })
export class MentionSuggestionsService {
  private readonly http = inject(HttpClient);
  private readonly directory = inject(UserDirectoryService);
  private readonly rooms = new Map<string, Promise<{ members: UserRef[]; isWhole: boolean }>>();

  async suggest(roomId: string, prefix: string, myId?: string): Promise<UserRef[]> {
    const key = prefix.toLowerCase();
    const { members, isWhole } = await this.membersOf(roomId);
    const pool = isWhole ? members : (await this.directory.search(prefix, SHOWN + 1)).map(toRef);
    return pool
      .filter((user) => user.id !== myId && user.username.toLowerCase().startsWith(key))
      .slice(0, SHOWN);
  }

  private membersOf(roomId: string): Promise<{ members: UserRef[]; isWhole: boolean }> {
    let found = this.rooms.get(roomId);
    if (!found) {
      found = firstValueFrom(
        this.http.get<MemberPage>(`/api/rooms/${roomId}/members`, {
          params: { limit: WHOLE_ROOM },
        }),
      ).then(
        (page) => ({ members: page.members.map((m) => m.user), isWhole: !page.hasMore }),
        () => {
          this.rooms.delete(roomId);
          return { members: [], isWhole: false };
        },
      );
      this.rooms.set(roomId, found);
      // Members come and go: read again after a while.
      setTimeout(() => this.rooms.delete(roomId), 60_000);
    }
    return found;
  }
}

function toRef({ id, username, displayName, avatarUrl }: UserRef): UserRef {
  return { id, username, displayName, avatarUrl };
}
