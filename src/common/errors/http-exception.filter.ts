import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { RateLimitedException } from './rate-limited.exception';

/**
 * Nest's own filter (known exceptions keep their body; anything else is logged and answered
 * with a bare 500), plus the `Retry-After` header that rate-limit replies owe the client.
 */
@Catch()
export class HttpExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof RateLimitedException && host.getType() === 'http') {
      host
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('Retry-After', exception.retryAfterSeconds);
    }
    super.catch(exception, host);
  }
}
