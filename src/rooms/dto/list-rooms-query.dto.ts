import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ListRoomsQuery {
  /** true: only rooms the caller is a member of; otherwise also every public room. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'member must be true or false' })
  @ApiProperty({ required: false, type: Boolean })
  member?: boolean;
}
