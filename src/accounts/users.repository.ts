import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** `login` is a username or an email; usernames cannot contain "@", so they never clash. */
  findByLogin(login: string): Promise<UserEntity | null> {
    const key = login.trim().toLowerCase();
    return this.users.findOneBy(key.includes('@') ? { email: key } : { usernameKey: key });
  }

  findTaken(username: string, email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: [{ usernameKey: username.toLowerCase() }, { email }] });
  }

  insert(manager: EntityManager, user: UserEntity): Promise<unknown> {
    return manager.insert(UserEntity, user);
  }
}
