import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { HttpRequest } from '../http/http-types';

/** The caller, as established by the access-token check. */
export interface AuthUser {
  id: string;
  username: string;
  sessionId: string;
}

export const IS_PUBLIC = 'isPublic';

/** Opens a route to callers without an access token; every other route requires one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<HttpRequest & { user: AuthUser }>().user,
);
