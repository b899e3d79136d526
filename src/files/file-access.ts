import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth.decorators';
import { MembersService } from '../members/members.service';
import { roomNotFound } from '../rooms/rooms.service';

/**
 * Who may upload to a room and read its files: the one place that decides. Members only;
 * a private or direct room's outsiders get 404, a public room's non-members 403 on upload.
 */
@Injectable()
export class FileAccess {
  constructor(private readonly members: MembersService) {}

  /** 404 for a room the user may not see, 403 for a non-member of a public room. */
  async assertCanUpload(roomId: string, user: AuthUser): Promise<void> {
    await this.members.assertMember(roomId, user.id);
  }

  /** 404 unless the user is a member of the room (also of a public one). */
  async assertCanRead(roomId: string, user: AuthUser): Promise<void> {
    const access = await this.members.access(roomId, user.id);
    if (access?.role == null) throw roomNotFound();
  }
}
