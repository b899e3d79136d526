import { Injectable } from '@nestjs/common';
import { isModerator } from '../members/member-rules';
import type { RoomAccess } from '../rooms/rooms.repository';
import { isVisible, roomNotFound, RoomsService } from '../rooms/rooms.service';

export interface RoomPlace {
  /** A member not banned: may react. */
  isMember: boolean;
  /** One of the room's owners and admins: may delete anyone's message and read revisions. */
  isModerator: boolean;
}

/** What the message rules need to know of a user's place in the room of a message. */
@Injectable()
export class RoomRoles {
  constructor(private readonly rooms: RoomsService) {}

  /** 404 when the user may not see the room (a private or direct room of others). */
  async placeOf(roomId: string, userId: string): Promise<RoomPlace> {
    return placeIn(await this.rooms.assertCanSee(roomId, userId));
  }
}

/** The same from an access already read; 404 as RoomsService.assertCanSee. */
export function placeIn(access: RoomAccess): RoomPlace {
  if (!isVisible(access.kind, access.role)) throw roomNotFound();
  const isPresent = access.role !== null && !access.isBanned;
  return { isMember: isPresent, isModerator: isPresent && isModerator(access.role) };
}
