import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from './api-types';

/** The server's messages for a failed request, as sentences a person can act on. */
export function errorMessages(error: unknown): string[] {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiError> | null;
    if (body && body.message !== undefined) {
      return Array.isArray(body.message) ? body.message : [body.message];
    }
    if (error.status === 0) return ['Cannot reach the server. Check your connection.'];
    if (error.status === 429) return ['Too many attempts. Wait a moment and try again.'];
  }
  return ['Something went wrong. Please try again.'];
}

/**
 * Sorts the server's sentences by the field they name ("username must …", "That username is
 * already taken"), so each shows beside its input; the rest go under "form".
 */
export function messagesByField(
  messages: string[],
  fields: readonly string[],
): Record<string, string[]> {
  const byField: Record<string, string[]> = { form: [] };
  for (const message of messages) {
    const field = fields.find((name) => new RegExp(`\\b${name}\\b`).test(message));
    (byField[field ?? 'form'] ??= []).push(message);
  }
  return byField;
}
