import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import type { CreateRoomDto } from './dto/create-room.dto';
import { RoomResponseDto, toRoomResponse } from './dto/room-response.dto';
import { ROOM_CREATED, RoomCreatedEvent } from './room-events';
import type { RoomEntity } from './room.entity';
import { RoomsRepository } from './rooms.repository';

const NAME_TAKEN = 'A room with that name already exists';

@Injectable()
export class RoomsService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly writes: WriteTransactions,
    private readonly events: EventEmitter2,
  ) {}

  async list(): Promise<RoomResponseDto[]> {
    return (await this.rooms.listByActivity()).map((room) => toRoomResponse(room));
  }

  async get(id: string): Promise<RoomResponseDto> {
    const room = await this.rooms.findById(id);
    if (!room) throw roomNotFound();
    return toRoomResponse(room);
  }

  async assertExists(id: string): Promise<void> {
    if (!(await this.rooms.exists(id))) throw roomNotFound();
  }

  async create(creator: AuthUser, dto: CreateRoomDto): Promise<RoomResponseDto> {
    const nameKey = dto.name.toLowerCase();
    if (await this.rooms.isNameTaken(nameKey)) throw new ConflictException(NAME_TAKEN);

    const now = new Date();
    const room: RoomEntity = {
      id: randomUUID(),
      name: dto.name,
      nameKey,
      description: dto.description ?? '',
      createdById: creator.id,
      createdAt: now,
      lastSeq: 0,
      lastActivityAt: now,
    };
    try {
      await this.writes.run((manager) => this.rooms.insert(manager, room));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(NAME_TAKEN);
      throw error;
    }

    const response = toRoomResponse(room, creator);
    const event: RoomCreatedEvent = { room: response };
    this.events.emit(ROOM_CREATED, event);
    return response;
  }
}

export function roomNotFound(): NotFoundException {
  return new NotFoundException('Room not found');
}
