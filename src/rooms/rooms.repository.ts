import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RoomEntity } from './room.entity';

@Injectable()
export class RoomsRepository {
  constructor(@InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>) {}

  /** Newest activity first, ties by name (served by ix_rooms_activity). */
  listByActivity(): Promise<RoomEntity[]> {
    return this.withCreator()
      .orderBy('room.lastActivityAt', 'DESC')
      .addOrderBy('room.name', 'ASC')
      .getMany();
  }

  findById(id: string): Promise<RoomEntity | null> {
    return this.withCreator().where('room.id = :id', { id }).getOne();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.rooms.countBy({ id })) > 0;
  }

  isNameTaken(nameKey: string): Promise<boolean> {
    return this.rooms.existsBy({ nameKey });
  }

  insert(manager: EntityManager, room: RoomEntity): Promise<unknown> {
    return manager.insert(RoomEntity, room);
  }

  private withCreator() {
    return this.rooms
      .createQueryBuilder('room')
      .innerJoin('room.createdBy', 'creator')
      .addSelect(['creator.id', 'creator.username']);
  }
}
