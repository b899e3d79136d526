import pino, { DestinationStream, Logger } from 'pino';

/**
 * One pino logger for the process: Nest's own log lines (through nestjs-pino's Logger) and
 * one line per HTTP request (http/request-logging.ts) go to it.
 *
 * @param destination standard output unless given (tests read the lines back)
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino({ level }, destination) : pino({ level });
}
