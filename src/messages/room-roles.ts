import { Injectable } from '@nestjs/common';

/**
 * What the message rules need to know of a user's place in a room, behind one seam: the
 * membership feature (issue #14, built in parallel) answers it once merged. Until then every
 * user is a member of every room (all rooms are public) and nobody moderates.
 */
@Injectable()
export class RoomRoles {
  /** The user is one of the room's owners or admins (may delete anyone's message, read revisions). */
  isModerator(_roomId: string, _userId: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** The user may react in the room (a non-member of a public room may not: 403). */
  isMember(_roomId: string, _userId: string): Promise<boolean> {
    return Promise.resolve(true);
  }
}
