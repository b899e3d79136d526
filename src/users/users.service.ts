import { Injectable } from '@nestjs/common';
import { toUserResponse, UserResponseDto } from '../accounts/dto/user-response.dto';
import type { SearchUsersQuery } from './dto/search-users-query.dto';
import { UsersDirectoryRepository } from './users-directory.repository';
import { UrlSigner } from '../common/signed-urls/url-signer';

/** The user directory: for pickers and mention completion; never emails. */
@Injectable()
export class UsersService {
  constructor(
    private readonly directory: UsersDirectoryRepository,
    private readonly signer: UrlSigner,
  ) {}

  async search(query: SearchUsersQuery): Promise<UserResponseDto[]> {
    const prefix = (query.q ?? '').trim().toLowerCase();
    return (await this.directory.findByPrefix(prefix, query.limit ?? 20)).map((item) =>
      toUserResponse(item, this.signer),
    );
  }
}
