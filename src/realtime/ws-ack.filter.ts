import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { storageFailureReason } from '../database/storage-failure';
import { toAckError } from './chat-error';

/**
 * Answers every failure of a socket handler through its ack as
 * `{ ok: false, error: { code, message } }`, and never lets it reach the connection: bad input
 * must not disconnect anyone. A client that sent no ack callback simply gets no answer.
 */
@Catch()
export class WsAckFilter implements ExceptionFilter {
  private readonly logger = new Logger('ChatGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = toAckError(exception);
    if (reply.error.code === 'INTERNAL') {
      this.logger.error(describe(exception, reply.error.message));
    }
    const ack = host.getArgs<unknown[]>().findLast((arg) => typeof arg === 'function') as
      ((value: unknown) => void) | undefined;
    ack?.(reply);
  }
}

/** A database failure in one line (its reason is in the reply); anything else with its stack. */
function describe(exception: unknown, replied: string): string | undefined {
  if (!(exception instanceof Error)) return String(exception);
  return storageFailureReason(exception) ? `${replied} (${exception.message})` : exception.stack;
}
