import type { UrlSigner } from '../../common/signed-urls/url-signer';
import { ApiProperty } from '@nestjs/swagger';
import type { UserCard } from '../../accounts/user-card';
import { toUserRef, UserRefDto } from '../../rooms/dto/room-response.dto';
import { MEMBER_ROLES, type MemberRole } from '../room-member.entity';

export class MemberDto {
  user: UserRefDto;
  @ApiProperty({ enum: MEMBER_ROLES })
  role: MemberRole;
  /** ISO 8601 UTC. */
  joinedAt: string;
}

export class MemberPageDto {
  /** By username, case-insensitively. */
  members: MemberDto[];
  /** More members follow (ask again with `after` = the last username). */
  hasMore: boolean;
}

export interface StoredMember {
  userId: string;
  username: string;
  displayName: UserCard['displayName'];
  avatarKey: UserCard['avatarKey'];
  role: MemberRole;
  joinedAt: Date;
}

export function toMemberDto(member: StoredMember, signer: UrlSigner): MemberDto {
  return {
    user: toUserRef(
      {
        id: member.userId,
        username: member.username,
        displayName: member.displayName,
        avatarKey: member.avatarKey,
      },
      signer,
    ),
    role: member.role,
    joinedAt: member.joinedAt.toISOString(),
  };
}
