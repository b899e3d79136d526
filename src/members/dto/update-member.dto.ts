import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { NotWith } from '../../common/validation';
import {
  MEMBER_ROLES,
  type MemberRole,
  NOTIFY_LEVELS,
  type NotifyLevel,
} from '../room-member.entity';

/** Exactly one of the two: `role` (owners, of anyone) or `notify` (your own, on `me`). */
export class UpdateMemberDto {
  @IsOptional()
  @IsIn(MEMBER_ROLES, { message: 'role must be "owner", "admin" or "member"' })
  @ApiProperty({ required: false, enum: MEMBER_ROLES })
  role?: MemberRole;

  @IsOptional()
  @NotWith('role', { message: 'role and notify cannot be changed together' })
  @IsIn(NOTIFY_LEVELS, { message: 'notify must be "all", "mentions" or "none"' })
  @ApiProperty({ required: false, enum: NOTIFY_LEVELS })
  notify?: NotifyLevel;
}
