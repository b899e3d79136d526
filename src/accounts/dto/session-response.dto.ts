import { ApiProperty } from '@nestjs/swagger';
import type { SessionEntity } from '../session.entity';

/** One login of yours: a device or browser. */
export class SessionResponseDto {
  id: string;
  /** ISO 8601 UTC: the login. */
  createdAt: string;
  /** ISO 8601 UTC: the last refresh or socket connection (the login, before either). */
  lastUsedAt: string;
  /** As the browser or app sent it, or null. User text: display it, never trust it. */
  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;
  /** This is the session of the token used for this request. */
  current: boolean;
}

export class SessionListDto {
  /** Live sessions only, most recently used first. */
  sessions: SessionResponseDto[];
}

export function toSessionResponse(
  session: SessionEntity,
  currentSessionId: string,
): SessionResponseDto {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: (session.lastUsedAt ?? session.createdAt).toISOString(),
    userAgent: session.userAgent,
    current: session.id === currentSessionId,
  };
}
