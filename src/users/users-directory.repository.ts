import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

@Injectable()
export class UsersDirectoryRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Users whose lower-cased username starts with `prefixKey`, by username. */
  findByPrefix(prefixKey: string, limit: number): Promise<UserEntity[]> {
    return this.users
      .createQueryBuilder('user')
      .where(`user.usernameKey LIKE :pattern ESCAPE '\\'`, {
        pattern: `${escapeLike(prefixKey)}%`,
      })
      .orderBy('user.usernameKey', 'ASC')
      .limit(limit)
      .getMany();
  }
}

/** "%" and "_" (and the escape itself) in a prefix match only themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
