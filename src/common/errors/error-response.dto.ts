import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** Nest's usual error body, which every REST error uses. */
export class ErrorResponseDto {
  /**
   * @example 404
   */
  statusCode: number;
  /**
   * What went wrong, in words a user can act on.
   * @example "Room not found"
   */
  message: string;
  /**
   * @example "Not Found"
   */
  error: string;
}

/** A 400 from validation: one message per problem, each naming its field. */
export class ValidationErrorResponseDto {
  /**
   * @example 400
   */
  statusCode: number;
  /**
   * @example ["username must be 3 to 32 characters of letters, digits, \"_\", \".\" or \"-\""]
   */
  message: string[];
  /**
   * @example "Bad Request"
   */
  error: string;
}

/** OpenAPI for a route behind the access-token guard (JwtAuthGuard): the scheme and its 401. */
export const ApiNeedsAccessToken = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      type: ErrorResponseDto,
      description:
        'The access token is missing, malformed, expired or forged, or its session has ended',
      headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
    }),
  );
