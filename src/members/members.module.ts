import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoomsModule } from '../rooms/rooms.module';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { RoomBanEntity } from './room-ban.entity';
import { RoomMemberEntity } from './room-member.entity';

@Module({
  imports: [TypeOrmModule.forFeature([RoomMemberEntity, RoomBanEntity]), RoomsModule],
  controllers: [MembersController],
  providers: [MembersService, MembersRepository],
  exports: [MembersService],
})
export class MembersModule {}
