import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** What body-parser attaches to the errors it raises (they come from `http-errors`). */
interface BodyParserError {
  type: string;
  status: number;
  expose: boolean;
}

const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': 'Request body is too large',
};

/**
 * Answers body-parser failures (malformed JSON, oversized body) in Nest's error shape. They
 * happen before Nest's router, so without this express's default handler would answer them
 * with an HTML page.
 */
export function answerBodyParserErrors(
  error: unknown,
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (!isBodyParserError(error)) return next(error);
  const status = error.status >= 400 && error.status < 500 ? error.status : HttpStatus.BAD_REQUEST;
  const message = MESSAGES[error.type] ?? STATUS_CODES[status] ?? 'Bad request';
  const body = HttpException.createBody(message, STATUS_CODES[status] ?? 'Error', status);
  response.status(status).json(body);
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}
