import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { UserCard } from '../accounts/user-card';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { toMemberDto } from '../members/dto/member-response.dto';
import { MemberAddedEvent, MemberEvent } from '../members/member-events';
import { isModerator } from '../members/member-rules';
import type { RoomMemberEntity } from '../members/room-member.entity';
import type { CreateRoomDto } from './dto/create-room.dto';
import { ListRoomsQuery, ROOM_LIST_MAX } from './dto/list-rooms-query.dto';
import { RoomResponseDto, RoomView, toRoomDto, toRoomResponse } from './dto/room-response.dto';
import type { UpdateRoomDto } from './dto/update-room.dto';
import { RoomCreatedEvent, RoomEvent, RoomUpdatedEvent } from './room-events';
import type { RoomEntity } from './room.entity';
import { RoomAccessReader } from './room-access-reader';
import { RoomCreateRateLimiter } from './room-create-rate-limiter';
import { RoomAccess, RoomListPosition, RoomsRepository } from './rooms.repository';
import { UrlSigner } from '../common/signed-urls/url-signer';

const NAME_TAKEN = 'A room with that name already exists';
const MAX_DIRECT_OTHERS = 8;

type Caller = Pick<AuthUser, 'id' | 'username'>;

@Injectable()
export class RoomsService {
  constructor(
    private readonly signer: UrlSigner,
    private readonly rooms: RoomsRepository,
    private readonly accessReader: RoomAccessReader,
    private readonly writes: WriteTransactions,
    private readonly events: EventEmitter2,
    private readonly creationLimiter: RoomCreateRateLimiter,
  ) {}

  /**
   * Public rooms and the caller's own (only the latter with `onlyMember`), a page at a time:
   * `limit` rooms (ROOM_LIST_MAX without one) after `cursor`, and the cursor of the next page
   * when there are more.
   */
  async list(
    callerId: string,
    { member = false, limit = ROOM_LIST_MAX, cursor }: ListRoomsQuery = {},
  ): Promise<{ rooms: RoomResponseDto[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : decodeRoomCursor(cursor);
    const { views, next } = await this.rooms.listViews(callerId, member, limit, after);
    return {
      rooms: views.map((item) => toRoomResponse(item, this.signer)),
      nextCursor: next && encodeRoomCursor(next),
    };
  }

  /**
   * The room as `callerId` sees it; 404 when it does not exist or is private or direct and
   * the caller is not a member. Without a caller: no visibility check, membership null.
   */
  async get(id: string, callerId?: string): Promise<RoomResponseDto> {
    const view = await this.rooms.findView(id, callerId ?? null);
    if (!view || (callerId !== undefined && !isVisible(view.room.kind, view.membership?.role)))
      throw roomNotFound();
    return toRoomResponse(view, this.signer);
  }

  /** Room kind, the user's role and ban, in one lookup; null for an unknown room. */
  access(roomId: string, userId: string): Promise<RoomAccess | null> {
    return this.accessReader.find(roomId, userId);
  }

  /** 404 unless the room exists and `userId` may see it (public, or a member). */
  async assertCanSee(roomId: string, userId: string): Promise<RoomAccess> {
    const access = await this.accessReader.find(roomId, userId);
    if (!access || !isVisible(access.kind, access.role)) throw roomNotFound();
    return access;
  }

  async assertExists(id: string): Promise<void> {
    if (!(await this.rooms.exists(id))) throw roomNotFound();
  }

  async create(creator: Caller, dto: CreateRoomDto): Promise<RoomResponseDto> {
    const nameKey = roomNameKey(dto.name);
    if (await this.rooms.isNameTaken(nameKey)) throw new ConflictException(NAME_TAKEN);
    await this.creationLimiter.consume(creator.id);

    const now = new Date();
    const room: RoomEntity = {
      id: randomUUID(),
      name: dto.name,
      nameKey,
      kind: dto.kind ?? 'public',
      directKey: null,
      description: dto.description ?? '',
      createdById: creator.id,
      createdAt: now,
      lastSeq: 0,
      lastChange: 0,
      lastActivityAt: now,
    };
    const owner = newMember(room, creator.id, 'owner', now);
    try {
      await this.writes.run((manager) => this.rooms.insertWithMembers(manager, room, [owner]));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(NAME_TAKEN);
      throw error;
    }

    const creatorCard = await this.userCard(creator);
    const view = newRoomView(room, creatorCard, [owner], owner);
    const response = toRoomResponse(view, this.signer);
    if (room.kind === 'public') {
      const event: RoomCreatedEvent = { room: toRoomDto(view, this.signer) };
      this.events.emit(RoomEvent.Created, event);
    } else {
      this.emitAdded(room.id, creatorCard, owner, response, 'created', creator.id);
    }
    return response;
  }

  /** Name and description: owners and admins; never of a direct room. */
  async update(roomId: string, caller: Caller, dto: UpdateRoomDto): Promise<RoomResponseDto> {
    const access = await this.assertCanSee(roomId, caller.id);
    if (access.kind === 'direct')
      throw new ForbiddenException('A direct conversation cannot be renamed');
    if (!isModerator(access.role))
      throw new ForbiddenException('Only owners and admins can change the room');

    const details: Partial<Pick<RoomEntity, 'name' | 'nameKey' | 'description'>> = {};
    if (dto.name !== undefined) {
      details.name = dto.name;
      details.nameKey = roomNameKey(dto.name);
      if (await this.rooms.isNameTaken(details.nameKey, roomId))
        throw new ConflictException(NAME_TAKEN);
    }
    if (dto.description !== undefined) details.description = dto.description;
    if (Object.keys(details).length > 0) {
      try {
        await this.writes.run((manager) => this.rooms.updateDetails(manager, roomId, details));
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictException(NAME_TAKEN);
        throw error;
      }
    }

    const view = await this.rooms.findView(roomId, caller.id);
    if (!view) throw roomNotFound();
    if (Object.keys(details).length > 0) {
      const event: RoomUpdatedEvent = {
        roomId,
        room: toRoomDto(view, this.signer),
        byUserId: caller.id,
      };
      this.events.emit(RoomEvent.Updated, event);
    }
    return toRoomResponse(view, this.signer);
  }

  /**
   * The direct room of exactly the caller and `userIds` (order-free; the caller and repeats
   * dropped), created when new. Concurrent calls for one set collide on the unique direct key;
   * the loser reads the winner's room.
   */
  async openDirect(
    caller: Caller,
    userIds: string[],
  ): Promise<{ room: RoomResponseDto; isNew: boolean }> {
    const others = [...new Set(userIds)].filter((id) => id !== caller.id);
    if (others.length < 1 || others.length > MAX_DIRECT_OTHERS)
      throw new BadRequestException(['userIds must name 1 to 8 other users']);
    const cards = await this.rooms.findUserCards([caller.id, ...others]);
    if (cards.length !== others.length + 1) throw new NotFoundException('User not found');
    const callerCard = cards.find((card) => card.id === caller.id)!;
    const participants = [callerCard, ...cards.filter((card) => card.id !== caller.id)];
    const directKey = participants
      .map((user) => user.id)
      .sort()
      .join(',');
    const existingId = await this.rooms.findDirectId(directKey);
    if (existingId) return { room: await this.get(existingId, caller.id), isNew: false };
    await this.creationLimiter.consume(caller.id);

    const now = new Date();
    const room: RoomEntity = {
      id: randomUUID(),
      name: '',
      nameKey: null,
      kind: 'direct',
      directKey,
      description: '',
      createdById: caller.id,
      createdAt: now,
      lastSeq: 0,
      lastChange: 0,
      lastActivityAt: now,
    };
    const members = participants.map((user) => newMember(room, user.id, 'member', now));
    try {
      await this.writes.run((manager) => this.rooms.insertWithMembers(manager, room, members));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winnerId = await this.rooms.findDirectId(directKey);
      if (!winnerId) throw error;
      return { room: await this.get(winnerId, caller.id), isNew: false };
    }

    for (const [index, user] of participants.entries()) {
      const view = newRoomView(room, callerCard, members, members[index], participants);
      this.emitAdded(
        room.id,
        user,
        members[index],
        toRoomResponse(view, this.signer),
        'direct',
        caller.id,
      );
    }
    const own = newRoomView(room, callerCard, members, members[0], participants);
    return { room: toRoomResponse(own, this.signer), isNew: true };
  }

  /** The caller as user objects show them (display name and avatar are not in the token). */
  private async userCard(caller: Caller): Promise<UserCard> {
    const [card] = await this.rooms.findUserCards([caller.id]);
    return card ?? { id: caller.id, username: caller.username, displayName: null, avatarKey: null };
  }

  private emitAdded(
    roomId: string,
    user: UserCard,
    member: RoomMemberEntity,
    room: RoomResponseDto,
    reason: MemberAddedEvent['reason'],
    byUserId: string,
  ): void {
    const event: MemberAddedEvent = {
      roomId,
      userId: user.id,
      member: toMemberDto(
        {
          ...member,
          username: user.username,
          displayName: user.displayName,
          avatarKey: user.avatarKey,
        },
        this.signer,
      ),
      room,
      reason,
      byUserId,
    };
    this.events.emit(MemberEvent.Added, event);
  }
}

/**
 * What makes two room names the same: compatibility-composed (NFKC folds full-width and
 * ligature look-alikes), without format characters (zero-width joiners and spaces, bidi
 * marks), case-insensitive.
 */
export function roomNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase();
}

/** The opaque cursor of GET /api/rooms: the last room's sort key, base64url JSON. */
function encodeRoomCursor({ lastActivityAt, name, id }: RoomListPosition): string {
  return Buffer.from(JSON.stringify([lastActivityAt.toISOString(), name, id])).toString(
    'base64url',
  );
}

function decodeRoomCursor(cursor: string): RoomListPosition {
  try {
    const [at, name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    const lastActivityAt = new Date(at as string);
    if (typeof name === 'string' && typeof id === 'string' && !isNaN(lastActivityAt.getTime())) {
      return { lastActivityAt, name, id };
    }
  } catch {
    // Falls through to the refusal: a cursor is only ever one this server made.
  }
  throw new BadRequestException(['cursor must be a cursor from a previous page (X-Next-Cursor)']);
}

export function roomNotFound(): NotFoundException {
  return new NotFoundException('Room not found');
}

/** Private and direct rooms exist only for their members. */
export function isVisible(kind: RoomEntity['kind'], role: string | null | undefined): boolean {
  return kind === 'public' || (role !== null && role !== undefined);
}

function newMember(
  room: RoomEntity,
  userId: string,
  role: RoomMemberEntity['role'],
  joinedAt: Date,
): RoomMemberEntity {
  return {
    roomId: room.id,
    userId,
    role,
    joinedAt,
    lastReadSeq: room.lastSeq,
    notify: room.kind === 'direct' ? 'all' : 'mentions',
  };
}

/** The view of a room just created, without reading it back. */
function newRoomView(
  room: RoomEntity,
  creator: UserCard,
  members: RoomMemberEntity[],
  own: RoomMemberEntity,
  participants?: UserCard[],
): RoomView {
  return {
    room,
    creator,
    memberCount: members.length,
    membership: {
      role: own.role,
      lastReadSeq: own.lastReadSeq,
      unread: 0,
      mentions: 0,
      notify: own.notify,
    },
    directMembers: participants && [...participants].sort(byUsername),
  };
}

function byUsername(a: UserCard, b: UserCard): number {
  const [x, y] = [a.username.toLowerCase(), b.username.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
