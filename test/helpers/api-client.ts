import request from 'supertest';
import type { ChatMessage } from '../../src/realtime/chat-events';
import type { TestApp } from './test-app';
import { aUser, UserDraft } from '../builders/user.builder';

export interface Session {
  user: { id: string; username: string; email: string; createdAt: string };
  accessToken: string;
  refreshToken: string;
  draft: UserDraft;
}

/**
 * The response body as the raw bytes, whatever its type (supertest would parse JSON and text
 * and leave an image's body empty), as a browser's `<img src>` or download gets it.
 */
export function asBytes(test: request.Test): request.Test {
  return test.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** Thin helpers over supertest for the steps most tests share. */
export function api(testApp: Pick<TestApp, 'url'>) {
  const http = () => request(testApp.url);

  async function register(overrides: Partial<UserDraft> = {}): Promise<UserDraft> {
    const draft = aUser(overrides);
    await http().post('/api/auth/register').send(draft).expect(201);
    return draft;
  }

  async function login(draft: UserDraft): Promise<Session> {
    const response = await http()
      .post('/api/auth/login')
      .send({ username: draft.username, password: draft.password })
      .expect(200);
    return { ...response.body, draft };
  }

  async function signUp(overrides: Partial<UserDraft> = {}): Promise<Session> {
    return login(await register(overrides));
  }

  async function createRoom(
    session: Session,
    name: string,
    description?: string,
    kind?: 'public' | 'private',
  ) {
    const response = await http()
      .post('/api/rooms')
      .auth(session.accessToken, { type: 'bearer' })
      .send({ name, ...(description === undefined ? {} : { description }), ...(kind && { kind }) })
      .expect(201);
    return response.body as { id: string; name: string; lastSeq: number; kind: string };
  }

  /** Adds `member` to the room as `by` (an owner or admin). */
  async function addMember(by: Session, roomId: string, member: Session) {
    await http()
      .post(`/api/rooms/${roomId}/members`)
      .auth(by.accessToken, { type: 'bearer' })
      .send({ userId: member.user.id })
      .expect(201);
  }

  /** Posts a message over REST and returns it. */
  async function post(session: Session, roomId: string, body: string) {
    const response = await http()
      .post(`/api/rooms/${roomId}/messages`)
      .auth(session.accessToken, { type: 'bearer' })
      .send({ body })
      .expect(201);
    return response.body as ChatMessage;
  }

  /** A room's whole history, oldest first, read page by page as a catching-up client does. */
  async function allMessages(session: Session, roomId: string): Promise<ChatMessage[]> {
    const all: ChatMessage[] = [];
    for (;;) {
      const { body } = await http()
        .get(`/api/rooms/${roomId}/messages?after=${all.at(-1)?.seq ?? 0}&limit=100`)
        .auth(session.accessToken, { type: 'bearer' })
        .expect(200);
      all.push(...(body.messages as ChatMessage[]));
      if (!body.hasMore) return all;
    }
  }

  return { http, register, login, signUp, createRoom, addMember, post, allMessages };
}

/** The User the server shows of a session's account to others (no email), profile untouched. */
export const userOf = (session: Session) => ({
  id: session.user.id,
  username: session.user.username,
  createdAt: session.user.createdAt,
  displayName: session.user.username,
  avatarUrl: null,
});
