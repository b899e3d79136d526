import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MembersModule } from '../members/members.module';
import { RoomsModule } from '../rooms/rooms.module';
import { FileAccess } from './file-access';
import { FileEntity } from './file.entity';
import { FileUrls } from './file-urls';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';
import { LocalFileStorage } from './storage/local-file-storage';
import { ThumbnailQueue } from './thumbnail-queue';
import { UnattachedFilesSweeper } from './unattached-files-sweeper';
import { UploadRateLimiter } from './upload-rate-limiter';

/** Uploads, signed downloads, thumbnails (issue #18). FilesService is the send path's seam. */
@Module({
  imports: [TypeOrmModule.forFeature([FileEntity]), RoomsModule, MembersModule],
  controllers: [FilesController],
  providers: [
    FilesService,
    FilesRepository,
    FileAccess,
    FileUrls,
    ThumbnailQueue,
    UnattachedFilesSweeper,
    UploadRateLimiter,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<FileStorage> => {
        const settings = config.files.storage;
        // The AWS SDK takes ~0.1 s to load: only a deployment that stores in S3 pays for it.
        const storage =
          settings.type === 's3'
            ? new (await import('./storage/s3-file-storage')).S3FileStorage(settings)
            : new LocalFileStorage(settings.dir);
        await storage.prepare();
        return storage;
      },
    },
  ],
  exports: [FilesService, FILE_STORAGE],
})
export class FilesModule implements OnApplicationShutdown {
  constructor(@Inject(FILE_STORAGE) private readonly storage: FileStorage) {}

  onApplicationShutdown(): void {
    this.storage.close();
  }
}
