import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../../config/app-config';
import type { ChatUser } from '../chat-events';
import { PresenceStore } from './presence-store';

/*
 * Keys (under the configured prefix):
 *   presence:room:<room>                 hash user id -> user JSON: who is in the room
 *   presence:room:<room>:user:<user>     set of "<instance>|<socket>": that user's sockets there
 *   presence:instance:<instance>         set of "<room>|<user>|<socket>": what an instance holds
 *   presence:instances                   zset instance -> last heartbeat (ms)
 * Both scripts keep "user present" and "user has a socket" in step, atomically.
 */
const ADD = `
redis.call('SADD', KEYS[3], ARGV[4])
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 and redis.call('SCARD', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
return 0`;

const REMOVE = `
redis.call('SREM', KEYS[3], ARGV[3])
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 and redis.call('SCARD', KEYS[2]) == 0 then
  local user = redis.call('HGET', KEYS[1], ARGV[2])
  redis.call('HDEL', KEYS[1], ARGV[2])
  return user or ''
end
return false`;

const HEARTBEAT_EVERY_MS = 2000;

/**
 * Presence shared by every instance through Redis. Each instance beats a heartbeat; when one
 * stops (killed, partitioned), the first instance to notice removes its sockets and reports
 * the users that thereby left, so no one stays "present" forever.
 */
export class RedisPresenceStore extends PresenceStore implements OnModuleDestroy {
  private readonly logger = new Logger(RedisPresenceStore.name);
  private readonly timer: NodeJS.Timeout;
  private listener: (roomId: string, users: ChatUser[]) => void = () => undefined;

  constructor(
    private readonly redis: Redis,
    private readonly config: RedisConfig,
    private readonly instanceId: string,
  ) {
    super();
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.zrem(this.key('instances'), this.instanceId).catch(() => undefined);
  }

  async add(roomId: string, user: ChatUser, socketId: string): Promise<boolean> {
    const added = await this.redis.eval(
      ADD,
      3,
      this.roomKey(roomId),
      this.socketsKey(roomId, user.id),
      this.instanceKey(this.instanceId),
      `${this.instanceId}|${socketId}`,
      user.id,
      JSON.stringify(user),
      `${roomId}|${user.id}|${socketId}`,
    );
    return added === 1;
  }

  async remove(roomId: string, userId: string, socketId: string): Promise<boolean> {
    return (await this.removeSocket(this.instanceId, roomId, userId, socketId)) !== null;
  }

  async usersIn(roomId: string): Promise<ChatUser[]> {
    const users = await this.redis.hvals(this.roomKey(roomId));
    return users.map((user) => JSON.parse(user) as ChatUser);
  }

  override onUsersGone(listener: (roomId: string, users: ChatUser[]) => void): void {
    this.listener = listener;
  }

  /** Returns the user who left the room with this socket, if it was their last. */
  private async removeSocket(
    instanceId: string,
    roomId: string,
    userId: string,
    socketId: string,
  ): Promise<ChatUser | null> {
    const user = (await this.redis.eval(
      REMOVE,
      3,
      this.roomKey(roomId),
      this.socketsKey(roomId, userId),
      this.instanceKey(instanceId),
      `${instanceId}|${socketId}`,
      userId,
      `${roomId}|${userId}|${socketId}`,
    )) as string | null;
    if (user === null) return null;
    return user ? (JSON.parse(user) as ChatUser) : { id: userId, username: '', createdAt: '' };
  }

  private async beat(): Promise<void> {
    try {
      const now = Date.now();
      await this.redis.zadd(this.key('instances'), now, this.instanceId);
      const dead = await this.redis.zrangebyscore(
        this.key('instances'),
        '-inf',
        now - this.config.instanceTimeoutMs,
      );
      for (const instanceId of dead) await this.sweep(instanceId);
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${(error as Error).message}`);
    }
  }

  /** Removes a dead instance's sockets; only the instance that wins the ZREM does it. */
  private async sweep(instanceId: string): Promise<void> {
    if ((await this.redis.zrem(this.key('instances'), instanceId)) !== 1) return;
    const entries = await this.redis.smembers(this.instanceKey(instanceId));
    const gone = new Map<string, ChatUser[]>();
    for (const entry of entries) {
      const [roomId, userId, socketId] = entry.split('|');
      const user = await this.removeSocket(instanceId, roomId, userId, socketId);
      if (user) gone.set(roomId, [...(gone.get(roomId) ?? []), user]);
    }
    await this.redis.del(this.instanceKey(instanceId));
    this.logger.warn(`instance ${instanceId} stopped answering; removed ${entries.length} sockets`);
    for (const [roomId, users] of gone) this.listener(roomId, users);
  }

  private key(name: string): string {
    return `${this.config.keyPrefix}presence:${name}`;
  }

  private roomKey(roomId: string): string {
    return this.key(`room:${roomId}`);
  }

  private socketsKey(roomId: string, userId: string): string {
    return this.key(`room:${roomId}:user:${userId}`);
  }

  private instanceKey(instanceId: string): string {
    return this.key(`instance:${instanceId}`);
  }
}
