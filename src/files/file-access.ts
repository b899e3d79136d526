import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth.decorators';
import { RoomsService } from '../rooms/rooms.service';

/**
 * Who may upload to a room and read its files: the one place that decides, so that switching
 * to membership (members only; 404 for a private room's outsiders, 403 for a public room's
 * non-members on upload) is one change. Today: anyone, for a room that exists.
 */
@Injectable()
export class FileAccess {
  constructor(private readonly rooms: RoomsService) {}

  /** Throws 404 for an unknown room (403 for a non-member, once membership exists). */
  async assertCanUpload(roomId: string, _user: AuthUser): Promise<void> {
    await this.rooms.assertExists(roomId);
  }

  /** Throws 404 for an unknown room, and for a room the user may not see. */
  async assertCanRead(roomId: string, _user: AuthUser): Promise<void> {
    await this.rooms.assertExists(roomId);
  }
}
