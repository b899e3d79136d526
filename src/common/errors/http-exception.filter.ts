import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { HttpResponse } from '../../http/http-types';
import { StorageUnavailableException, storageFailureReason } from '../../database/storage-failure';
import { logFailure } from '../../http/request-logging';
import { RateLimitedException } from './rate-limited.exception';

/**
 * Nest's own filter (known exceptions keep their body; anything else is logged and answered
 * with a bare 500), plus: the `Retry-After` header that rate-limit replies owe the client, and
 * a 503 that says why when the database itself fails (disk full, unreachable).
 */
@Catch()
export class HttpExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const reason = storageFailureReason(exception);
    if (reason) {
      // One line, no stack: the cause is the database, not this request or our code.
      this.logger.error(`A request failed because ${reason}: ${(exception as Error).message}`);
      exception = new StorageUnavailableException(reason);
    }
    if (host.getType() === 'http' && !(exception instanceof HttpException)) {
      // A bug: its stack goes on the request's own log line, next to the request id.
      logFailure(host.switchToHttp().getResponse<HttpResponse>(), exception);
    }
    if (
      (exception instanceof RateLimitedException ||
        exception instanceof StorageUnavailableException) &&
      host.getType() === 'http'
    ) {
      host
        .switchToHttp()
        .getResponse<HttpResponse>()
        .setHeader('Retry-After', exception.retryAfterSeconds);
    }
    super.catch(exception, host);
  }
}
