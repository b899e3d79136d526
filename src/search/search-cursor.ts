import { BadRequestException } from '@nestjs/common';

/**
 * Where a page of results ended, newest first: SQLite orders by the message's rowid (the
 * order FTS5 returns matches in, so a page stops reading early), PostgreSQL by
 * (created_at, id). Opaque to clients: base64url JSON.
 */
export type SearchCursor = { rowid: number } | { createdAt: Date; id: string };

export function encodeCursor(cursor: SearchCursor): string {
  const payload =
    'rowid' in cursor ? { r: cursor.rowid } : { t: cursor.createdAt.toISOString(), i: cursor.id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The cursor `encodeCursor` made for this engine, or 400. */
export function decodeCursor(text: string, engine: 'sqlite' | 'postgres'): SearchCursor {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof payload !== 'object' || payload === null) throw badCursor();
  const { r, t, i } = payload as Record<string, unknown>;
  if (engine === 'sqlite') {
    if (!Number.isSafeInteger(r) || (r as number) < 0) throw badCursor();
    return { rowid: r as number };
  }
  const createdAt = typeof t === 'string' ? new Date(t) : null;
  const isId = typeof i === 'string' && /^[0-9a-f-]{36}$/.test(i);
  if (!createdAt || Number.isNaN(createdAt.getTime()) || !isId) throw badCursor();
  return { createdAt, id: i };
}

function badCursor(): BadRequestException {
  return new BadRequestException(['before must be a cursor from a previous search']);
}
