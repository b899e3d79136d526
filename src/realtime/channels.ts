/**
 * Socket.IO room names. Prefixed so they never collide with the per-socket rooms Socket.IO
 * makes from socket ids.
 */
export const roomChannel = (roomId: string) => `room:${roomId}`;

/** Every socket of one user: typing excludes the sender's own tabs through it. */
export const userChannel = (userId: string) => `user:${userId}`;

/** Every socket of one login: logout disconnects them in one call, on every instance. */
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;
