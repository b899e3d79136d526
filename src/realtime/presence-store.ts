import { Injectable } from '@nestjs/common';
import type { ChatUser } from './chat-events';

/**
 * Who is in which room, counted by user, not by socket: a user with two tabs is present
 * until the last of them leaves. An interface so that a cluster can back it with shared
 * storage instead of this process's memory.
 */
export abstract class PresenceStore {
  /** Records the socket in the room; true when it is the user's first socket there. */
  abstract add(roomId: string, user: ChatUser, socketId: string): Promise<boolean>;
  /** Removes the socket; true when it was the user's last socket in the room. */
  abstract remove(roomId: string, userId: string, socketId: string): Promise<boolean>;
  abstract usersIn(roomId: string): Promise<ChatUser[]>;
  /** Those of these users who are in the room now, as they show there. */
  abstract presentAmong(roomId: string, userIds: string[]): Promise<ChatUser[]>;
  /** The user changed name or avatar: where they are present in these rooms, they now show so. */
  abstract refreshUser(user: ChatUser, roomIds: string[]): Promise<void>;
  /**
   * Called with changes no socket of this process caused: users whose instance died, and
   * users found present again when shared storage comes back after losing them. A single
   * process never has either.
   */
  onChange(_listener: PresenceListener): void {}
}

export interface PresenceChange {
  joined: ChatUser[];
  left: ChatUser[];
}

export type PresenceListener = (roomId: string, change: PresenceChange) => void;

export interface PresenceEntry {
  roomId: string;
  user: ChatUser;
  socketId: string;
}

interface Member {
  user: ChatUser;
  sockets: Set<string>;
}

/** Presence for a single process. */
@Injectable()
export class LocalPresenceStore extends PresenceStore {
  private readonly rooms = new Map<string, Map<string, Member>>();

  add(roomId: string, user: ChatUser, socketId: string): Promise<boolean> {
    let members = this.rooms.get(roomId);
    if (!members) this.rooms.set(roomId, (members = new Map<string, Member>()));
    const member = members.get(user.id);
    if (member) {
      member.sockets.add(socketId);
      return Promise.resolve(false);
    }
    members.set(user.id, { user, sockets: new Set([socketId]) });
    return Promise.resolve(true);
  }

  remove(roomId: string, userId: string, socketId: string): Promise<boolean> {
    const members = this.rooms.get(roomId);
    const member = members?.get(userId);
    if (!members || !member || !member.sockets.delete(socketId)) return Promise.resolve(false);
    if (member.sockets.size > 0) return Promise.resolve(false);
    members.delete(userId);
    if (members.size === 0) this.rooms.delete(roomId);
    return Promise.resolve(true);
  }

  usersIn(roomId: string): Promise<ChatUser[]> {
    return Promise.resolve([...(this.rooms.get(roomId)?.values() ?? [])].map((m) => m.user));
  }

  presentAmong(roomId: string, userIds: string[]): Promise<ChatUser[]> {
    const members = this.rooms.get(roomId);
    const present = userIds.map((id) => members?.get(id)?.user);
    return Promise.resolve(present.filter((user): user is ChatUser => user !== undefined));
  }

  refreshUser(user: ChatUser, roomIds: string[]): Promise<void> {
    for (const roomId of roomIds) {
      const member = this.rooms.get(roomId)?.get(user.id);
      if (member) member.user = user;
    }
    return Promise.resolve();
  }

  *entries(): Iterable<PresenceEntry> {
    for (const [roomId, members] of this.rooms) {
      for (const { user, sockets } of members.values()) {
        for (const socketId of sockets) yield { roomId, user, socketId };
      }
    }
  }
}
