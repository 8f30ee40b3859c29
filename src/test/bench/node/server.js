'use strict';
// A minimal chat server on the ws library, speaking the part of Relay's protocol that the load
// generator uses (welcome, join_room, leave_room, room_message, broadcast, message, acks), with
// the same fan-out rules: encode once per fan-out, membership events only in rooms of up to 500,
// and a client more than 1 MiB behind is closed with 1008. Nothing is stored.
//   node server.js PORT
const crypto = require('crypto');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8097);
const MAX_BUFFERED = 1 << 20;
const MEMBERSHIP_EVENTS_MAX = 500;
const rooms = new Map();
const clients = new Set();
let nextId = 1;

const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws', maxPayload: 65536,
  perMessageDeflate: false, clientTracking: false });

const now = () => new Date().toISOString();

function send(ws, data) {
  if (ws.bufferedAmount > MAX_BUFFERED) {
    ws.close(1008, 'slow consumer');
    return;
  }
  ws.send(data, { binary: false });
}

function fanOut(members, except, event) {
  const data = Buffer.from(JSON.stringify(event));
  for (const member of members) {
    if (member !== except) send(member, data);
  }
}

function reply(ws, ref, event) {
  if (ref !== undefined) event.ref = ref;
  send(ws, JSON.stringify(event));
}

function leave(ws, name) {
  const members = rooms.get(name);
  if (!members || !members.delete(ws)) return false;
  ws.rooms.delete(name);
  if (members.size === 0) rooms.delete(name);
  else if (members.size <= MEMBERSHIP_EVENTS_MAX) {
    fanOut(members, null, { event: 'user_left', client_id: ws.id, user: ws.user, room: name, timestamp: now() });
  }
  return true;
}

function handle(ws, frame) {
  const ref = frame.ref;
  switch (frame.event) {
    case 'message':
      return reply(ws, ref, { event: 'echo', original_message: frame.message, timestamp: now() });
    case 'broadcast':
      fanOut(clients, ws, { event: 'broadcast', message: frame.message, from: ws.id, user: ws.user, timestamp: now() });
      if (ref !== undefined) reply(ws, ref, { event: 'ack' });
      return;
    case 'join_room': {
      let members = rooms.get(frame.room);
      if (!members) rooms.set(frame.room, members = new Set());
      const joined = { event: 'user_joined', client_id: ws.id, user: ws.user, room: frame.room, timestamp: now() };
      send(ws, JSON.stringify(joined));
      if (!members.has(ws)) {
        members.add(ws);
        ws.rooms.add(frame.room);
        if (members.size <= MEMBERSHIP_EVENTS_MAX) fanOut(members, ws, joined);
      }
      if (ref !== undefined) reply(ws, ref, { event: 'ack' });
      return;
    }
    case 'leave_room':
      if (!leave(ws, frame.room)) return reply(ws, ref, { event: 'error', code: 'not_member', message: 'not a member' });
      send(ws, JSON.stringify({ event: 'user_left', client_id: ws.id, user: ws.user, room: frame.room, timestamp: now() }));
      if (ref !== undefined) reply(ws, ref, { event: 'ack' });
      return;
    case 'room_message': {
      const members = rooms.get(frame.room);
      if (!members || !members.has(ws)) {
        return reply(ws, ref, { event: 'error', code: 'not_member', message: 'not a member' });
      }
      const id = nextId++;
      const timestamp = now();
      fanOut(members, ws, { event: 'room_message', id, message: frame.message, from: ws.id, user: ws.user,
        room: frame.room, timestamp });
      if (ref !== undefined) reply(ws, ref, { event: 'ack', id, timestamp });
      return;
    }
    default:
      return reply(ws, ref, { event: 'error', code: 'unknown_event', message: 'unknown event' });
  }
}

wss.on('connection', (ws, request) => {
  ws.id = crypto.randomUUID();
  ws.user = new URL(request.url, 'http://localhost').searchParams.get('name') || 'guest-' + ws.id.slice(0, 6);
  ws.rooms = new Set();
  clients.add(ws);
  send(ws, JSON.stringify({ event: 'welcome', client_id: ws.id, user: ws.user, message: 'Welcome',
    rooms: [], timestamp: now() }));
  ws.on('message', (data, isBinary) => {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      return reply(ws, undefined, { event: 'error', code: 'bad_json', message: 'not JSON' });
    }
    if (isBinary || frame === null || typeof frame !== 'object') {
      return reply(ws, undefined, { event: 'error', code: 'bad_json', message: 'not a JSON object' });
    }
    handle(ws, frame);
  });
  ws.on('close', () => {
    clients.delete(ws);
    for (const name of [...ws.rooms]) leave(ws, name);
  });
  ws.on('error', () => {});
});

wss.on('listening', () => console.log(`listening on ws://127.0.0.1:${port}/ws`));
