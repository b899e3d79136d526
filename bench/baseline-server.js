// The practical limit on this machine: a bare Socket.IO server (the same socket.io version
// as ours) that relays messages to a room. No auth, no validation, no database. It speaks the
// same event names as our server so the load generator drives both alike.
const { createServer } = require('node:http');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');

const port = Number(process.env.PORT ?? 3100);
const httpServer = createServer((request, response) => {
  response.writeHead(request.url === '/health' ? 200 : 404).end();
});
const io = new Server(httpServer, { serveClient: false });
const seqs = new Map();

io.on('connection', (socket) => {
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
});

httpServer.listen(port, '127.0.0.1');
