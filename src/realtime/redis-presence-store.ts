import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../config/app-config';
import type { ChatUser } from './chat-events';
import {
  LocalPresenceStore,
  PresenceChange,
  PresenceEntry,
  PresenceListener,
  PresenceStore,
} from './presence-store';

/*
 * Keys (under the configured prefix):
 *   presence:room:<room>                 hash user id -> user JSON: who is in the room
 *   presence:room:<room>:user:<user>     set of "<instance>|<socket>": that user's sockets there
 *   presence:instance:<instance>         set of "<room>|<user>|<socket>": what an instance holds
 *   presence:instances                   zset instance -> last heartbeat (ms)
 * The scripts keep "user present" and "user has a socket" in step, atomically.
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

/*
 * Removes a dead instance and all its sockets in one step, and only if it is still silent:
 * an instance that beats again meanwhile (it was cut off, not dead) keeps its entries.
 * Returns [room, user id, user JSON, ...] for the users who thereby left, or nil when not swept.
 * (Keys are built inside the script: fine for a single Redis, not for Redis Cluster.)
 */
const SWEEP = `
local beat = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not beat or tonumber(beat) >= tonumber(ARGV[2]) then return false end
redis.call('ZREM', KEYS[1], ARGV[1])
local gone = {}
for _, entry in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local room, user, socket = string.match(entry, '^([^|]*)|([^|]*)|(.*)$')
  local roomKey = ARGV[3] .. 'room:' .. room
  local socketsKey = roomKey .. ':user:' .. user
  if redis.call('SREM', socketsKey, ARGV[1] .. '|' .. socket) == 1
      and redis.call('SCARD', socketsKey) == 0 then
    table.insert(gone, room)
    table.insert(gone, user)
    table.insert(gone, redis.call('HGET', roomKey, user) or '')
    redis.call('HDEL', roomKey, user)
  end
end
redis.call('DEL', KEYS[2])
return gone`;

/** Replaces a present user's JSON, and only while they are present. */
const REFRESH = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 0`;

const HEARTBEAT_EVERY_MS = 2000;

/**
 * Presence shared by every instance through Redis. Each instance beats a heartbeat; when one
 * stops (killed, partitioned), the first instance to notice removes its sockets and reports
 * the users that thereby left, so no one stays "present" forever.
 *
 * Each instance also keeps its own sockets' entries in memory. While Redis is away, joins and
 * leaves are answered from them (this instance's view) instead of waiting; when Redis is back
 * (perhaps empty, after a restart without persistence) the heartbeat finds this instance
 * missing from it and writes its entries again, announcing users that reappear.
 */
export class RedisPresenceStore extends PresenceStore implements OnModuleDestroy {
  private readonly logger = new Logger(RedisPresenceStore.name);
  private readonly timer: NodeJS.Timeout;
  private readonly mine = new LocalPresenceStore();
  /** A write was skipped or failed: Redis no longer matches `mine`. */
  private isStale = false;
  private listener: PresenceListener = () => undefined;

  constructor(
    private readonly redis: Redis,
    private readonly config: RedisConfig,
    private readonly instanceId: string,
  ) {
    super();
    // At once on connecting and on every reconnection (Redis may have come back empty).
    redis.on('ready', () => void this.beat());
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.zrem(this.key('instances'), this.instanceId).catch(() => undefined);
  }

  async add(roomId: string, user: ChatUser, socketId: string): Promise<boolean> {
    const isFirstHere = await this.mine.add(roomId, user, socketId);
    return this.shared(() => this.addShared({ roomId, user, socketId }), isFirstHere);
  }

  async remove(roomId: string, userId: string, socketId: string): Promise<boolean> {
    const wasLastHere = await this.mine.remove(roomId, userId, socketId);
    return this.shared(
      async () => (await this.removeSocket(this.instanceId, roomId, userId, socketId)) !== null,
      wasLastHere,
    );
  }

  async usersIn(roomId: string): Promise<ChatUser[]> {
    return this.shared(
      async () => {
        const users = await this.redis.hvals(this.roomKey(roomId));
        return users.map((user) => JSON.parse(user) as ChatUser);
      },
      await this.mine.usersIn(roomId),
    );
  }

  async presentAmong(roomId: string, userIds: string[]): Promise<ChatUser[]> {
    if (userIds.length === 0) return [];
    return this.shared(
      async () => {
        const users = await this.redis.hmget(this.roomKey(roomId), ...userIds);
        return users.filter((user) => user !== null).map((user) => JSON.parse(user) as ChatUser);
      },
      await this.mine.presentAmong(roomId, userIds),
    );
  }

  async refreshUser(user: ChatUser, roomIds: string[]): Promise<void> {
    await this.mine.refreshUser(user, roomIds);
    const json = JSON.stringify(user);
    await this.shared(async () => {
      for (const roomId of roomIds) {
        await this.redis.eval(REFRESH, 1, this.roomKey(roomId), user.id, json);
      }
    }, undefined);
  }

  override onChange(listener: PresenceListener): void {
    this.listener = listener;
  }

  /** Runs `work` on Redis when it is connected; otherwise, or if it fails, answers `local`. */
  private async shared<T>(work: () => Promise<T>, local: T): Promise<T> {
    if (this.redis.status === 'ready') {
      try {
        return await work();
      } catch (error) {
        this.logger.warn(`presence in Redis failed: ${(error as Error).message}`);
      }
    }
    this.isStale = true;
    return local;
  }

  private async addShared({ roomId, user, socketId }: PresenceEntry): Promise<boolean> {
    const added = await this.redis.eval(
      ADD,
      3,
      this.roomKey(roomId),
      this.socketsKey(roomId, user.id),
      this.instanceKey(this.instanceId),
      `${this.instanceId}|${socketId}`,
      user.id,
      JSON.stringify(user),
      entryOf(roomId, user.id, socketId),
    );
    return added === 1;
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
      entryOf(roomId, userId, socketId),
    )) as string | null;
    return user === null ? null : parseUser(userId, user);
  }

  private async beat(): Promise<void> {
    if (this.redis.status !== 'ready') return; // the 'ready' event beats when it is back
    try {
      const now = Date.now();
      // 1 when this instance was not there: Redis restarted empty, or another instance
      // took this one for dead and swept it.
      const isNew = await this.redis.zadd(this.key('instances'), now, this.instanceId);
      if (isNew === 1 || this.isStale) {
        this.isStale = false;
        try {
          await this.rewriteMine();
        } catch (error) {
          this.isStale = true; // partly written: the next beat tries again
          throw error;
        }
      }
      const silent = await this.redis.zrangebyscore(
        this.key('instances'),
        '-inf',
        now - this.config.instanceTimeoutMs,
      );
      for (const instanceId of silent) await this.sweep(instanceId, now);
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${(error as Error).message}`);
    }
  }

  /** Makes Redis hold exactly this instance's sockets again, and announces the difference. */
  private async rewriteMine(): Promise<void> {
    const changes = new Map<string, PresenceChange>();
    const changeIn = (roomId: string) =>
      changes.get(roomId) ?? changes.set(roomId, { joined: [], left: [] }).get(roomId)!;
    const entries = [...this.mine.entries()];
    const current = new Set(entries.map((e) => entryOf(e.roomId, e.user.id, e.socketId)));
    const inRedis = await this.redis.smembers(this.instanceKey(this.instanceId));
    const outdated = inRedis.filter((entry) => !current.has(entry));
    await Promise.all([
      ...outdated.map(async (entry) => {
        const [roomId, userId, socketId] = entry.split('|');
        const user = await this.removeSocket(this.instanceId, roomId, userId, socketId);
        if (user) changeIn(roomId).left.push(user);
      }),
      ...entries.map(async (entry) => {
        if (await this.addShared(entry)) changeIn(entry.roomId).joined.push(entry.user);
      }),
    ]);
    if (entries.length + outdated.length > 0) {
      this.logger.warn(`presence rewritten to Redis: ${entries.length} sockets`);
    }
    for (const [roomId, change] of changes) this.listener(roomId, change);
  }

  /** Removes a silent instance's sockets; only the instance whose script removes it reports. */
  private async sweep(instanceId: string, now: number): Promise<void> {
    const gone = (await this.redis.eval(
      SWEEP,
      2,
      this.key('instances'),
      this.instanceKey(instanceId),
      instanceId,
      now - this.config.instanceTimeoutMs,
      this.key(''),
    )) as string[] | null;
    if (gone === null) return;
    const changes = new Map<string, ChatUser[]>();
    for (let i = 0; i < gone.length; i += 3) {
      const [roomId, userId, json] = gone.slice(i, i + 3);
      changes.set(roomId, [...(changes.get(roomId) ?? []), parseUser(userId, json)]);
    }
    this.logger.warn(`instance ${instanceId} stopped answering; its sockets were removed`);
    for (const [roomId, left] of changes) this.listener(roomId, { joined: [], left });
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

function entryOf(roomId: string, userId: string, socketId: string): string {
  return `${roomId}|${userId}|${socketId}`;
}

function parseUser(userId: string, json: string): ChatUser {
  return json
    ? (JSON.parse(json) as ChatUser)
    : { id: userId, username: '', createdAt: '', displayName: '', avatarUrl: null };
}
