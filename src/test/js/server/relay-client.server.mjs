// The client library against a deployed server (RELAY_URL, an http address
// of it): run by RelayClientIT, in Node with its built-in WebSocket.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';

import { BATCH_PROTOCOL, RelayClient, RelayError } from '../../../main/webapp/js/relay-client.js';

const SERVER = process.env.RELAY_URL;
assert.ok(SERVER, 'RELAY_URL names the server');
const clients = [];

after(() => clients.forEach((client) => client.close()));

function unique(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

function connect(name, options = {}) {
  const client = new RelayClient({ url: SERVER, name, reconnect: { base: 50, cap: 200 }, ...options });
  clients.push(client);
  return client;
}

/** Resolves with the first event of that name that `matches`. */
function next(client, type, matches = () => true) {
  return new Promise((resolve) => {
    const stop = client.on(type, (event) => {
      if (!matches(event)) return;
      stop();
      resolve(event);
    });
  });
}

/** A WebSocket class whose sockets a test can close, and that refuses new ones while `blocked`. */
function controllableSocket() {
  const control = { sockets: [], blocked: false };
  control.WebSocket = class extends WebSocket {
    constructor(url, protocols) {
      if (control.blocked) throw new Error('blocked by the test');
      super(url, protocols);
      control.sockets.push(this);
    }
  };
  return control;
}

test('two clients talk in a room, each command answered by its promise', { timeout: 30_000 }, async () => {
  const room = unique('lib');
  const ana = connect(unique('ana'));
  const ben = connect(unique('ben'));
  const [welcome] = await Promise.all([ana.connect(), ben.connect()]);
  assert.equal(welcome.user, ana.user);
  assert.equal(ana.protocol, BATCH_PROTOCOL, 'relay.batch offered and accepted');

  await ana.joinRoom(room);
  await ben.joinRoom(room);
  assert.ok(ben.rooms.includes(room));

  const heard = next(ben, 'room_message', (m) => m.room === room);
  const ack = await ana.sendRoomMessage(room, 'hello from the library');
  assert.equal(typeof ack.id, 'number');
  const message = await heard;
  assert.deepEqual([message.id, message.user, message.message], [ack.id, ana.user, 'hello from the library']);

  const presence = await ben.presence(room);
  assert.deepEqual(presence.members.map((m) => m.user).sort(), [ana.user, ben.user].sort());
  const history = await ben.history({ room, limit: 10 });
  assert.deepEqual(history.messages.map((m) => m.id), [ack.id]);
  assert.equal((await ana.echo('ping')).original_message, 'ping');

  await assert.rejects(ana.sendRoomMessage(unique('elsewhere'), 'nobody here'),
    (error) => error instanceof RelayError && error.code === 'not_member' && error.event.event === 'error');
});

test('after a drop the client re-joins its room and receives what was said meanwhile', { timeout: 30_000 }, async () => {
  const room = unique('resume');
  const control = controllableSocket();
  const ana = connect(unique('ana'));
  const ben = connect(unique('ben'), { WebSocket: control.WebSocket });
  await Promise.all([ana.connect(), ben.connect()]);
  await ana.joinRoom(room);
  await ben.joinRoom(room);
  const heard = next(ben, 'room_message', (m) => m.room === room);
  const before = await ana.sendRoomMessage(room, 'before the drop');
  assert.equal((await heard).id, before.id);

  control.blocked = true;
  const away = next(ben, 'close');
  control.sockets.at(-1).close();
  assert.equal((await away).willRetry, true);
  const missed = [];
  for (const text of ['one', 'two', 'three']) missed.push((await ana.sendRoomMessage(room, text)).id);

  const delivered = [];
  ben.on('room_message', (m) => {
    if (m.room === room) delivered.push(m.id);
  });
  const resumed = next(ben, 'resumed');
  control.blocked = false;
  ben.retryNow();
  const summary = await resumed;
  assert.equal(summary.complete, true);
  assert.ok(summary.rooms.includes(room), 're-joined');
  assert.deepEqual(delivered, missed, 'every missed message once, in order');

  const again = next(ben, 'room_message', (m) => m.room === room && m.message === 'live again');
  const live = await ana.sendRoomMessage(room, 'live again');
  assert.equal((await again).id, live.id);
});
