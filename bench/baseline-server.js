// The practical limit on this machine: a bare Socket.IO server (the same socket.io version
// as ours) that relays messages to a room. No auth, no validation, no database. It speaks the
// same event names as our server so the load generator drives both alike.
const { createServer } = require('node:http');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');

const port = Number(process.env.PORT ?? 3100);
const httpServer = createServer((request, response) => {
  // The upload sink: takes a request's bytes and drops them, as fast as Node receives them.
  if (request.method === 'POST' && request.url === '/upload') {
    let size = 0;
    request.on('data', (chunk) => (size += chunk.length));
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: randomUUID(), size }));
    });
    return;
  }
  response.writeHead(request.url === '/health' ? 200 : 404).end();
});
const io = new Server(httpServer, { serveClient: false });
const seqs = new Map();

io.on('connection', (socket) => {
  // Every socket of a "user" (auth.user; one user when none is given), as our server keeps them.
  const user = `user:${socket.handshake.auth.user ?? 'anyone'}`;
  socket.join(user);
  socket.on('room:join', ({ roomId }, ack) => {
    socket.join(roomId);
    ack?.({ ok: true, users: [], missed: [], hasMore: false });
  });
  socket.on('message:send', ({ roomId, body, clientMsgId }, ack) => {
    const seq = (seqs.get(roomId) ?? 0) + 1;
    seqs.set(roomId, seq);
    const message = {
      id: randomUUID(),
      roomId,
      seq,
      body,
      sender: { id: 'baseline', username: 'baseline' },
      clientMsgId: clientMsgId ?? null,
      createdAt: new Date().toISOString(),
    };
    io.to(roomId).emit('message:new', message);
    ack?.({ ok: true, message });
  });
  // A read marker: no database; the event to every socket of the user, then the ack.
  socket.on('room:read', ({ roomId, seq }, ack) => {
    const state = { roomId, lastReadSeq: seq, unread: 0, mentions: 0 };
    io.to(user).emit('read', state);
    ack?.({ ok: true, lastReadSeq: seq, unread: 0, mentions: 0 });
  });
});

httpServer.listen(port, '127.0.0.1');
