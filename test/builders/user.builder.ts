let counter = 0;

export interface UserDraft {
  username: string;
  email: string;
  password: string;
}

/** A valid, unique registration; tests state only what they care about. */
export function aUser(overrides: Partial<UserDraft> = {}): UserDraft {
  counter += 1;
  const username = overrides.username ?? `user${counter}_${process.pid}`;
  return {
    username,
    email: overrides.email ?? `${username.toLowerCase()}@example.com`,
    password: overrides.password ?? 'correct horse battery',
    ...overrides,
  };
}

let roomCounter = 0;

export function aRoomName(prefix = 'room'): string {
  roomCounter += 1;
  return `${prefix} ${roomCounter} ${process.pid}`;
}
