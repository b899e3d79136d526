import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectRoomsController } from './direct-rooms.controller';
import { RoomAccessReader } from './room-access-reader';
import { RoomEntity } from './room.entity';
import { RoomsController } from './rooms.controller';
import { RoomsRepository } from './rooms.repository';
import { RoomCreateRateLimiter } from './room-create-rate-limiter';
import { RoomsService } from './rooms.service';

@Module({
  imports: [TypeOrmModule.forFeature([RoomEntity])],
  controllers: [RoomsController, DirectRoomsController],
  providers: [RoomsService, RoomsRepository, RoomAccessReader, RoomCreateRateLimiter],
  exports: [RoomsService],
})
export class RoomsModule {}
