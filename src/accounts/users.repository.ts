import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { select } from '../database/sql';
import { RoomMemberEntity } from '../members/room-member.entity';
import type { UserCard } from './user-card';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** `login` is a username or an email; usernames cannot contain "@", so they never clash. */
  findByLogin(login: string): Promise<UserEntity | null> {
    const key = login.trim().toLowerCase();
    return this.users.findOneBy(key.includes('@') ? { email: key } : { usernameKey: key });
  }

  findTaken(username: string, email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: [{ usernameKey: username.toLowerCase() }, { email }] });
  }

  /** Whether another account than `exceptId` uses this (lower-cased) email. */
  async isEmailTaken(email: string, exceptId: string): Promise<boolean> {
    const found = await this.users.findOne({ where: { email }, select: { id: true } });
    return found !== null && found.id !== exceptId;
  }

  /**
   * What a user object shows, by primary key. Hand-written SQL: every message sent reads it.
   */
  async findCard(id: string): Promise<UserCard | null> {
    const [row] = await select<{
      username: string;
      display_name: string | null;
      avatar_key: string | null;
    }>(
      this.users.manager,
      `SELECT username, display_name, avatar_key FROM ${this.users.metadata.tablePath} WHERE id = ?`,
      [id],
    );
    return row
      ? { id, username: row.username, displayName: row.display_name, avatarKey: row.avatar_key }
      : null;
  }

  /** Everyone who shares a room with the user (members of a room they are a member of), and they. */
  async roomMatesOf(userId: string): Promise<string[]> {
    const members = this.users.manager.connection.getMetadata(RoomMemberEntity).tablePath;
    const rows = await select<{ user_id: string }>(
      this.users.manager,
      `SELECT DISTINCT other.user_id FROM ${members} mine
       JOIN ${members} other ON other.room_id = mine.room_id
       WHERE mine.user_id = ?`,
      [userId],
    );
    const ids = new Set(rows.map((row) => row.user_id));
    ids.add(userId);
    return [...ids];
  }

  insert(manager: EntityManager, user: UserEntity): Promise<unknown> {
    return manager.insert(UserEntity, user);
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<Pick<UserEntity, 'displayName' | 'email' | 'avatarKey' | 'passwordHash'>>,
  ): Promise<void> {
    await manager.update(UserEntity, { id }, changes);
  }
}
