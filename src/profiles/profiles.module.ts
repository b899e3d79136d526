import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { FilesModule } from '../files/files.module';
import { AvatarsController } from './avatars.controller';
import { AvatarsService } from './avatars.service';

/** Avatars (issue #20), kept in the files' storage. Display names and sessions are in accounts. */
@Module({
  imports: [AccountsModule, FilesModule],
  controllers: [AvatarsController],
  providers: [AvatarsService],
})
export class ProfilesModule {}
