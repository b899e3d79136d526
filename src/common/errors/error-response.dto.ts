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
