import { HttpException, HttpStatus } from '@nestjs/common';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { storageFailureReason, storageMessage } from '../database/storage-failure';
import type { AckError, ErrorCode } from './chat-events';

/** An error a socket handler answers with a specific code. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Services throw Nest's HTTP exceptions; on a socket their status becomes the contract's code. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHORIZED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'VALIDATION',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'VALIDATION',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

const INTERNAL_MESSAGE = 'Something went wrong on our side; please try again';

/** The ack for a failure; anything unexpected becomes INTERNAL with a fixed message. */
export function toAckError(exception: unknown): AckError {
  if (exception instanceof ChatError) {
    return { ok: false, error: { code: exception.code, message: exception.message } };
  }
  if (exception instanceof HttpException) {
    const code = CODE_BY_STATUS[exception.getStatus()];
    if (code) {
      const error: AckError['error'] = { code, message: httpMessage(exception) };
      if (exception instanceof RateLimitedException) error.retryAfterMs = exception.retryAfterMs;
      return { ok: false, error };
    }
  }
  const reason = storageFailureReason(exception);
  if (reason) return { ok: false, error: { code: 'INTERNAL', message: storageMessage(reason) } };
  return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : exception.message;
  return Array.isArray(message) ? message.join('; ') : String(message);
}
