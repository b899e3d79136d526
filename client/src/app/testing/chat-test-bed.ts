import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TokenPair } from '../core/api/api-types';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { ChatSocketService, SOCKET_IO } from '../core/realtime/chat-socket.service';
import { FakeSocket } from './fake-socket';

export const ALICE = {
  id: 'u-alice',
  username: 'alice',
  email: 'alice@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  displayName: 'alice',
  avatarUrl: null,
};

export const tokenPair = (n: number): TokenPair => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 900,
  user: ALICE,
});

/**
 * The real stores and services over two stand-ins for the network: Angular's HTTP testing
 * backend and a FakeSocket. Starts signed in as Alice.
 */
export function setUpChatTestBed(): { sockets: FakeSocket[]; backend: HttpTestingController } {
  localStorage.clear();
  localStorage.setItem(
    'chat.session',
    JSON.stringify({ ...tokenPair(1), expiresAt: Date.now() + 900_000 }),
  );
  const sockets: FakeSocket[] = [];
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideRouter([{ path: 'login', children: [] }]),
      {
        provide: SOCKET_IO,
        useValue: (_url: string, options: ConstructorParameters<typeof FakeSocket>[0]) => {
          const socket = new FakeSocket(options);
          sockets.push(socket);
          return socket;
        },
      },
    ],
  });
  return { sockets, backend: TestBed.inject(HttpTestingController) };
}

/** The test bed with the app's socket connected: that socket and the HTTP backend. */
export function setUpConnectedChat(): { socket: FakeSocket; backend: HttpTestingController } {
  const { sockets, backend } = setUpChatTestBed();
  TestBed.inject(ChatSocketService).connect();
  const socket = sockets[0];
  socket.serverConnects();
  return { socket, backend };
}

/** Lets pending promise callbacks run. */
export const nextTurn = () => new Promise((resolve) => setTimeout(resolve));
