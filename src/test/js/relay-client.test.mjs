// The client library against a fake socket: backoff, close codes, acks as
// promises, batched frames, typed events and the resume after a reconnect.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import {
  BATCH_PROTOCOL, RelayClient, RelayError, State, backoffDelay, endpointUrl, fileUrl, profileOf, splitFrame,
} from '../../main/webapp/js/relay-client.js';
import { FakeSocket, LIMITS, now, until } from './fake-socket.mjs';

const URL = 'ws://chat.test/ws';
/** Reconnects after 10 to 20 ms, so that tests need no fake clock. */
const FAST = { base: 20, cap: 40 };

/** Every client a test made, closed after it so that no timer outlives the test. */
const clients = [];

function client(options = {}) {
  const made = new RelayClient({ url: URL, name: 'ana', WebSocket: FakeSocket, reconnect: FAST, ...options });
  clients.push(made);
  return made;
}

/** A client connected and welcomed into `rooms`; returns it with its socket. */
async function welcomed(options = {}, rooms = ['general']) {
  const cut = client(options);
  const welcome = cut.connect();
  await until(() => FakeSocket.last, 'a socket');
  const socket = FakeSocket.last;
  socket.accept();
  socket.welcome(rooms);
  await welcome;
  return { cut, socket };
}

/** Answers the last frame of that event with `reply` (given the frame's ref). */
function answer(socket, event, reply) {
  const frame = socket.sent(event).at(-1);
  assert.ok(frame, `a ${event} was sent`);
  socket.push(reply(frame));
  return frame;
}

const ack = (frame, fields = {}) => ({ event: 'ack', ref: frame.ref, ...fields });

function roomMessage(id, room, message, user = 'ben') {
  return { event: 'room_message', id, message, from: `x-${user}`, user, room, timestamp: now() };
}

beforeEach(() => {
  FakeSocket.made.length = 0;
});

afterEach(() => {
  for (const made of clients.splice(0)) made.close();
});

describe('backoff', () => {
  test('the ceiling doubles from the base up to the cap, half of it fixed and half random', () => {
    const low = { base: 500, cap: 30_000, random: () => 0 };
    const high = { ...low, random: () => 0.999999 };
    assert.deepEqual([0, 1, 2, 3].map((n) => backoffDelay(n, low)), [250, 500, 1000, 2000]);
    assert.equal(Math.round(backoffDelay(2, high)), 2000);
    assert.equal(backoffDelay(20, low), 15_000);
    assert.equal(Math.round(backoffDelay(20, high)), 30_000);
  });

  test('jitter spreads the delays within that range', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3));
    assert.ok(delays.every((d) => d >= 2000 && d <= 4000), 'within [ceiling/2, ceiling]');
    assert.ok(new Set(delays).size > 150, 'not all the same');
  });

  test('a drop is retried after a delay drawn from the options, growing until a welcome resets it', async () => {
    const cut = client({ reconnect: { base: 20, cap: 80, random: () => 0 } });
    const closes = [];
    cut.on('close', (event) => closes.push(event));
    cut.connect().catch(() => {});
    for (let attempt = 0; attempt < 4; attempt++) {
      await until(() => FakeSocket.made.length === attempt + 1, `attempt ${attempt + 1}`);
      FakeSocket.last.drop(1006);
    }
    assert.deepEqual(closes.map((c) => c.retryIn), [10, 20, 40, 40]);
    assert.ok(closes.every((c) => c.willRetry && c.code === 1006));
    assert.equal(cut.state, State.RECONNECTING);

    await until(() => FakeSocket.made.length === 5, 'attempt 5');
    FakeSocket.last.accept();
    FakeSocket.last.welcome();
    FakeSocket.last.drop(1001, 'server shutting down');
    assert.equal(closes.at(-1).retryIn, 10, 'back to the first delay');
    assert.equal(cut.stats.reconnects, 1);
    cut.close();
  });

  test('maxAttempts gives up', async () => {
    const cut = client({ reconnect: { ...FAST, maxAttempts: 2 } });
    const stopped = cut.connect();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await until(() => FakeSocket.made.length === attempt, `attempt ${attempt}`);
      FakeSocket.last.drop(1006);
    }
    await assert.rejects(stopped, { code: 'disconnected' });
    assert.equal(cut.state, State.OFFLINE);
    assert.equal(FakeSocket.made.length, 3);
  });
});

describe('close codes', () => {
  for (const code of [1002, 1008]) {
    test(`${code} means do not retry`, async () => {
      const { cut, socket } = await welcomed();
      const close = cut.once('close');
      socket.push({ event: 'error', code: 'forbidden', message: 'kicked' });
      socket.drop(code, 'kicked');
      assert.deepEqual(await close, { code, reason: 'kicked', willRetry: false, retryIn: null });
      assert.equal(cut.state, State.OFFLINE);
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(FakeSocket.made.length, 1, 'no new socket');
    });
  }

  test('a refusal before the welcome rejects connect()', async () => {
    const cut = client();
    const connecting = cut.connect();
    await until(() => FakeSocket.last, 'a socket');
    FakeSocket.last.accept();
    FakeSocket.last.push({ event: 'error', code: 'forbidden', message: 'this name is kept for the browser that uses it' });
    FakeSocket.last.drop(1008, 'name kept');
    await assert.rejects(connecting, (error) => error instanceof RelayError && error.code === 'disconnected');
  });

  test('1000 (a close started elsewhere), 1001, 1006 and 1013 are retried', async () => {
    const cut = client();
    cut.connect().catch(() => {});
    for (const [index, code] of [1000, 1001, 1006, 1013].entries()) {
      await until(() => FakeSocket.made.length === index + 1, `attempt ${index + 1}`);
      FakeSocket.last.drop(code);
    }
    await until(() => FakeSocket.made.length === 5, 'a fifth attempt');
    cut.close();
  });

  test('an expired token is retried with a fresh one when the token is a function', async () => {
    let issued = 0;
    const cut = client({ name: undefined, token: async () => `t${++issued}` });
    cut.connect().catch(() => {});
    await until(() => FakeSocket.last, 'a socket');
    assert.deepEqual(FakeSocket.last.protocols, [BATCH_PROTOCOL, 'relay', 'bearer.t1']);
    assert.ok(!FakeSocket.last.url.includes('t1'), 'the token stays out of the URL');
    FakeSocket.last.accept();
    FakeSocket.last.drop(1008, 'token expired');
    await until(() => FakeSocket.made.length === 2, 'a second attempt');
    assert.deepEqual(FakeSocket.last.protocols, [BATCH_PROTOCOL, 'relay', 'bearer.t2']);
    cut.close();
  });

  test('close() stops for good and fails what waits', async () => {
    const { cut, socket } = await welcomed();
    const pending = cut.joinRoom('design');
    const queued = cut.sendRoomMessage('general', 'later', { queue: true });
    cut.close();
    await assert.rejects(pending, { code: 'closed' });
    await assert.rejects(queued, { code: 'closed' });
    assert.equal(socket.readyState, FakeSocket.CLOSED);
    assert.equal(cut.state, State.OFFLINE);
  });
});

describe('acknowledgements', () => {
  test('a command resolves with the ack carrying its ref', async () => {
    const { cut, socket } = await welcomed();
    const sent = cut.sendRoomMessage('general', 'hello');
    const frame = answer(socket, 'room_message', (f) => ack(f, { id: 42, timestamp: now() }));
    assert.deepEqual({ ...frame, ref: undefined }, { event: 'room_message', room: 'general', message: 'hello', ref: undefined });
    assert.equal(typeof frame.ref, 'string');
    const reply = await sent;
    assert.equal(reply.id, 42);
    assert.equal(cut.lastIdOf('general'), 42);
  });

  test('an edit and a deletion of one\'s own message resolve with their acks, a refusal rejects', async () => {
    const { cut, socket } = await welcomed();
    const edited = cut.editMessage(42, 'hello');
    assert.equal(answer(socket, 'edit_message', (f) => ack(f)).message, 'hello');
    await edited;
    const deleted = cut.deleteMessage(42);
    answer(socket, 'delete_message', (f) => ({ event: 'error', ref: f.ref, code: 'already_deleted', message: 'gone' }));
    await assert.rejects(deleted, (error) => error instanceof RelayError && error.code === 'already_deleted');
  });

  test('a query resolves with its reply event, which is not dispatched as news', async () => {
    const { cut, socket } = await welcomed();
    const news = [];
    cut.on('presence', (event) => news.push(event));
    const asked = cut.presence('general');
    answer(socket, 'presence', (f) => ({ event: 'presence', ref: f.ref, room: 'general', members: [{ client_id: 'c1', user: 'ana' }] }));
    assert.deepEqual((await asked).members, [{ client_id: 'c1', user: 'ana' }]);
    assert.deepEqual(news, []);
  });

  test('the error for the ref rejects with a RelayError holding the event', async () => {
    const { cut, socket } = await welcomed();
    const sent = cut.sendRoomMessage('nowhere', 'hello');
    answer(socket, 'room_message', (f) => ({ event: 'error', ref: f.ref, code: 'not_member', message: "not a member of 'nowhere'" }));
    await assert.rejects(sent, (error) => {
      assert.ok(error instanceof RelayError);
      assert.equal(error.code, 'not_member');
      assert.equal(error.message, "not a member of 'nowhere'");
      assert.equal(error.event.event, 'error');
      return true;
    });
  });

  test('no reply within the timeout rejects with timeout, and a late reply is ignored', async () => {
    const { cut, socket } = await welcomed();
    const errors = [];
    cut.on('error', (event) => errors.push(event));
    const started = Date.now();
    const sent = cut.joinRoom('design', { timeout: 30 });
    await assert.rejects(sent, { code: 'timeout' });
    assert.ok(Date.now() - started >= 25);
    answer(socket, 'join_room', (f) => ack(f));
    assert.deepEqual(errors, []);
  });

  test('offline, a command fails at once; a queued one waits for the connection', async () => {
    const cut = client();
    await assert.rejects(cut.echo('hi'), { code: 'offline' });
    const queued = cut.echo('hi', { queue: true });
    assert.equal(cut.queued, 1);
    cut.connect();
    await until(() => FakeSocket.last, 'a socket');
    FakeSocket.last.accept();
    assert.deepEqual(FakeSocket.last.sent('message'), [], 'held until the welcome');
    FakeSocket.last.welcome();
    await until(() => FakeSocket.last.sent('message').length === 1, 'the echo sent');
    answer(FakeSocket.last, 'message', (f) => ({ event: 'echo', ref: f.ref, original_message: 'hi', timestamp: now() }));
    assert.equal((await queued).original_message, 'hi');
    assert.equal(cut.queued, 0);
  });

  test('a drop fails the requests in flight with disconnected', async () => {
    const { cut, socket } = await welcomed();
    const asked = cut.listRooms();
    socket.drop(1006);
    await assert.rejects(asked, { code: 'disconnected' });
    cut.close();
  });

  test('a queued frame refused with rate_limited goes out again later', async () => {
    const { cut, socket } = await welcomed();
    const sent = cut.broadcast('hi all', { queue: true });
    await until(() => socket.sent('broadcast').length === 1, 'the broadcast');
    answer(socket, 'broadcast', (f) => ({ event: 'error', ref: f.ref, code: 'rate_limited', message: 'slow down' }));
    await until(() => socket.sent('broadcast').length === 2, 'the broadcast again', 5000);
    answer(socket, 'broadcast', (f) => ack(f));
    assert.equal((await sent).event, 'ack');
  });
});

describe('batched frames', () => {
  test('splitFrame gives one text per line', () => {
    assert.deepEqual(splitFrame('{"event":"a"}\n{"event":"b"}\n{"event":"c"}'), ['{"event":"a"}', '{"event":"b"}', '{"event":"c"}']);
    assert.deepEqual(splitFrame('{"event":"a"}'), ['{"event":"a"}']);
    assert.deepEqual(splitFrame(''), []);
  });

  test('relay.batch is offered by default and not when turned off', async () => {
    client().connect().catch(() => {});
    client({ batch: false }).connect().catch(() => {});
    await until(() => FakeSocket.made.length === 2, 'two sockets');
    assert.deepEqual(FakeSocket.made[0].protocols, [BATCH_PROTOCOL]);
    assert.deepEqual(FakeSocket.made[1].protocols, []);
  });

  test('every event of a batched frame is dispatched, in order, and replies reach their promises', async () => {
    const { cut, socket } = await welcomed();
    assert.equal(cut.protocol, BATCH_PROTOCOL);
    const seen = [];
    cut.on('room_message', (m) => seen.push(m.id));
    cut.on('typing', (t) => seen.push(`typing ${t.user}`));
    const read = cut.markRead('general', 3);
    const ref = socket.sent('read')[0].ref;
    socket.push(roomMessage(1, 'general', 'a'), { event: 'typing', room: 'general', from: 'x', user: 'ben', typing: true },
      roomMessage(2, 'general', 'b'), { event: 'ack', ref }, 'not json', roomMessage(3, 'general', 'c'));
    assert.deepEqual(seen, [1, 'typing ben', 2, 3]);
    assert.equal((await read).ref, ref);
    assert.equal(cut.stats.received, 7, 'the welcome and six events');
  });
});

describe('typed events', () => {
  test('on() passes the event object, returns an unsubscribe, and once() resolves with the next', async () => {
    const { cut, socket } = await welcomed();
    const messages = [];
    const stop = cut.on('room_message', (m) => messages.push(m));
    const next = cut.once('broadcast');
    socket.push(roomMessage(1, 'general', 'one'));
    stop();
    socket.push(roomMessage(2, 'general', 'two'));
    socket.push({ event: 'broadcast', message: 'hey', from: 'x', user: 'ben', timestamp: now() });
    assert.deepEqual(messages.map((m) => m.message), ['one']);
    assert.equal((await next).message, 'hey');
  });

  test('it is an EventTarget too, with the event in detail', async () => {
    const { cut, socket } = await welcomed();
    const joined = [];
    cut.addEventListener('user_joined', (event) => joined.push(event.detail.user));
    socket.push({ event: 'user_joined', client_id: 'x', user: 'ben', room: 'general', timestamp: now() });
    assert.deepEqual(joined, ['ben']);
  });

  test('state changes and frames are events of their own', async () => {
    const cut = client();
    const states = [];
    const frames = [];
    cut.on('state', ({ state }) => states.push(state));
    cut.on('frame', ({ direction, text }) => frames.push(`${direction} ${JSON.parse(text).event}`));
    cut.connect();
    await until(() => FakeSocket.last, 'a socket');
    FakeSocket.last.accept();
    FakeSocket.last.welcome();
    cut.listRooms().catch(() => {});
    cut.close();
    assert.deepEqual(states, [State.CONNECTING, State.ONLINE, State.OFFLINE]);
    assert.deepEqual(frames, ['in welcome', 'out rooms']);
  });

  test('the server\'s limits come from its latest welcome', async () => {
    const { cut, socket } = await welcomed();
    assert.equal(cut.limits.max_message_chars, 4000);
    socket.drop();
    await until(() => FakeSocket.made.length === 2, 'a second socket');
    FakeSocket.last.accept();
    FakeSocket.last.welcome(['general'], { limits: { ...LIMITS, max_message_chars: 500 } });
    await until(() => cut.limits.max_message_chars === 500, 'the new limits');
  });
});

describe('resume', () => {
  /** A client in general and design, having seen ids 7 and 5; dropped, then back with only general. */
  async function dropped() {
    const { cut, socket } = await welcomed({}, ['general']);
    const joining = cut.joinRoom('design');
    socket.push({ event: 'user_joined', client_id: 'c1', user: 'ana', room: 'design', timestamp: now() });
    answer(socket, 'join_room', (f) => ack(f));
    await joining;
    socket.push(roomMessage(7, 'general', 'seven'), roomMessage(5, 'design', 'five'));
    socket.push({ event: 'direct_message', id: 3, message: 'psst', from: 'x', user: 'cy', to: 'ana', timestamp: now() });
    assert.deepEqual(cut.rooms.sort(), ['design', 'general']);
    socket.drop(1006);
    await until(() => FakeSocket.made.length === 2, 'a reconnect');
    return { cut, socket: FakeSocket.last };
  }

  test('re-joins the rooms, fetches history after the last id seen, and delivers it as live events', async () => {
    const { cut, socket } = await dropped();
    const delivered = [];
    cut.on('room_message', (m) => delivered.push(`${m.room} ${m.id}`));
    cut.on('direct_message', (m) => delivered.push(`@${m.user} ${m.id}`));
    const resumed = cut.once('resumed');
    const queued = cut.sendRoomMessage('design', 'after the resume', { queue: true });
    socket.accept();
    socket.welcome(['general'], { clientId: 'c2' });

    await until(() => socket.sent('join_room').length === 1, 'the re-join');
    const join = socket.sent('join_room')[0];
    assert.equal(join.room, 'design');
    socket.push({ event: 'user_joined', client_id: 'c2', user: 'ana', room: 'design', timestamp: now() });
    socket.push(ack(join));

    await until(() => socket.sent('history').length === 1, 'the first history');
    const general = answer(socket, 'history', (f) => ({
      event: 'history', ref: f.ref, room: 'general', messages: [roomMessage(8, 'general', 'eight')], has_more: false,
    }));
    assert.deepEqual({ room: general.room, after: general.after }, { room: 'general', after: 7 });

    await until(() => socket.sent('history').length === 2, 'the second history');
    const design = answer(socket, 'history', (f) => ({
      event: 'history', ref: f.ref, room: 'design', messages: [roomMessage(6, 'design', 'six')], has_more: true,
    }));
    assert.equal(design.after, 5);
    await until(() => socket.sent('history').length === 3, 'the next page');
    const next = answer(socket, 'history', (f) => ({
      event: 'history', ref: f.ref, room: 'design', messages: [roomMessage(9, 'design', 'nine')], has_more: false,
    }));
    assert.equal(next.after, 6, 'paged on from the last id received');

    await until(() => socket.sent('history').length === 4, 'the direct messages');
    const direct = answer(socket, 'history', (f) => ({ event: 'history', ref: f.ref, with: 'cy', messages: [], has_more: false }));
    assert.deepEqual({ with: direct.with, after: direct.after }, { with: 'cy', after: 3 });

    assert.deepEqual(await resumed, { rooms: ['general', 'design'], missed: 3, complete: true });
    assert.deepEqual(delivered, ['general 8', 'design 6', 'design 9']);
    await until(() => socket.sent('room_message').length === 1, 'the outbox, after the resume');
    answer(socket, 'room_message', (f) => ack(f, { id: 10 }));
    assert.equal((await queued).id, 10);
  });

  test('a room left before the drop is left again when the server joins it by default', async () => {
    const { cut, socket } = await welcomed({}, ['general']);
    socket.push({ event: 'user_left', client_id: 'c1', user: 'ana', room: 'general', timestamp: now() });
    assert.deepEqual(cut.rooms, []);
    socket.drop(1006);
    await until(() => FakeSocket.made.length === 2, 'a reconnect');
    FakeSocket.last.accept();
    FakeSocket.last.welcome(['general'], { clientId: 'c2' });
    await until(() => FakeSocket.last.sent('leave_room').length === 1, 'the leave');
    assert.equal(FakeSocket.last.sent('leave_room')[0].room, 'general');
    cut.close();
  });

  test('an own message whose ack was lost is settled from the history instead of sent again', async () => {
    const { cut, socket } = await welcomed({}, ['general']);
    socket.push(roomMessage(7, 'general', 'seven'));
    const sent = cut.sendRoomMessage('general', 'lost ack', { queue: true });
    await until(() => socket.sent('room_message').length === 1, 'the message');
    socket.drop(1006);
    await until(() => FakeSocket.made.length === 2, 'a reconnect');
    const back = FakeSocket.last;
    back.accept();
    back.welcome(['general'], { clientId: 'c2' });
    await until(() => back.sent('history').length === 1, 'the history');
    answer(back, 'history', (f) => ({
      event: 'history', ref: f.ref, room: 'general', has_more: false,
      messages: [{ ...roomMessage(8, 'general', 'lost ack', 'ana'), from: 'c1' }],
    }));
    assert.equal((await sent).id, 8);
    await cut.once('resumed');
    assert.deepEqual(back.sent('room_message'), [], 'not sent twice');
  });

  test('the outbox does not wait for a catch-up past resumeTimeout', async () => {
    const { cut, socket } = await welcomed({ resumeTimeout: 30 }, ['general']);
    socket.push(roomMessage(7, 'general', 'seven'));
    socket.drop(1006);
    await until(() => FakeSocket.made.length === 2, 'a reconnect');
    const back = FakeSocket.last;
    const queued = cut.echo('still there?', { queue: true });
    back.accept();
    back.welcome(['general'], { clientId: 'c2' });
    const resumed = await cut.once('resumed');
    assert.equal(resumed.complete, false);
    await until(() => back.sent('message').length === 1, 'the outbox');
    answer(back, 'message', (f) => ({ event: 'echo', ref: f.ref, original_message: 'still there?', timestamp: now() }));
    await queued;
    cut.close();
  });

  test('a guest comes back under the name it was given', async () => {
    const { cut, socket } = await welcomed({ name: undefined, key: 'k'.repeat(22) });
    assert.ok(!socket.url.includes('name='));
    socket.drop(1006);
    await until(() => FakeSocket.made.length === 2, 'a reconnect');
    assert.equal(new globalThis.URL(FakeSocket.last.url).searchParams.get('name'), 'ana');
    cut.close();
  });
});

describe('files', () => {
  test('an upload slot answers its ref with an address made absolute against the socket', async () => {
    const { cut, socket } = await welcomed();
    const news = [];
    cut.on('upload_slot', (event) => news.push(event));
    const asked = cut.requestUpload({ name: 'plan.pdf', size: 48213, type: 'application/pdf' });
    const frame = answer(socket, 'upload', (f) => ({
      event: 'upload_slot', ref: f.ref, file: 'f1', url: 'api/uploads/t1', expires_at: now(), max_bytes: 1000,
    }));
    assert.deepEqual({ ...frame, ref: undefined }, { event: 'upload', name: 'plan.pdf', size: 48213, type: 'application/pdf', ref: undefined });
    const slot = await asked;
    assert.equal(slot.url, 'http://chat.test/api/uploads/t1');
    assert.equal(slot.file, 'f1');
    assert.equal(slot.max_bytes, 1000);
    assert.deepEqual(news, []);
  });

  test('a refused slot rejects with the server\'s code', async () => {
    const { cut, socket } = await welcomed();
    const asked = cut.requestUpload({ name: 'big.bin', size: 1e9 });
    const frame = answer(socket, 'upload', (f) => ({ event: 'error', ref: f.ref, code: 'too_large', message: 'Files are limited to 10 MiB' }));
    assert.equal(frame.type, undefined);
    await assert.rejects(asked, { code: 'too_large', message: 'Files are limited to 10 MiB' });
  });

  test('a download answers with an absolute address', async () => {
    const { cut, socket } = await welcomed();
    const asked = cut.requestDownload('f1');
    const frame = answer(socket, 'download', (f) => ({ event: 'download', ref: f.ref, file: 'f1', url: 'api/files/f1?ticket=k', expires_at: now() }));
    assert.equal(frame.file, 'f1');
    assert.equal((await asked).url, 'http://chat.test/api/files/f1?ticket=k');
  });

  test('messages carry the ids of their files, and none when there are none', async () => {
    const { cut, socket } = await welcomed();
    cut.sendRoomMessage('general', '', { attachments: ['f1', 'f2'] }).catch(() => {});
    cut.sendDirectMessage('ben', 'hi', { attachments: [] }).catch(() => {});
    assert.deepEqual(socket.sent('room_message').at(-1).attachments, ['f1', 'f2']);
    assert.equal(socket.sent('room_message').at(-1).message, '');
    assert.equal('attachments' in socket.sent('direct_message').at(-1), false);
  });

  test('fileUrl keeps the context path and maps wss to https', () => {
    assert.equal(fileUrl('api/files/x?ticket=t', 'wss://chat.test/app/ws?name=ana'), 'https://chat.test/app/api/files/x?ticket=t');
  });
});

describe('profiles', () => {
  const ANA = { user: 'ana', display_name: 'Ana', status: '', avatar: null, state: 'online' };

  test('the own profile comes from the welcome', async () => {
    const cut = client();
    const welcome = cut.connect();
    await until(() => FakeSocket.last, 'a socket');
    FakeSocket.last.accept();
    FakeSocket.last.push({ event: 'welcome', client_id: 'c1', user: 'ana', message: '', rooms: [], limits: LIMITS, profile: ANA, timestamp: now() });
    await welcome;
    assert.deepEqual(cut.profile, ANA);
  });

  test('setProfile sends only the fields given and resolves with the whole profile', async () => {
    const { cut, socket } = await welcomed();
    const heard = [];
    cut.on('profile', (event) => heard.push(event.status));
    const asked = cut.setProfile({ status: 'in Lisbon', avatar: null });
    const frame = answer(socket, 'set_profile', (f) => ({ event: 'profile', ref: f.ref, ...ANA, status: 'in Lisbon', timestamp: now() }));
    assert.deepEqual({ ...frame, ref: undefined }, { event: 'set_profile', status: 'in Lisbon', avatar: null, ref: undefined });
    assert.equal((await asked).status, 'in Lisbon');
    assert.deepEqual(cut.profile, { ...ANA, status: 'in Lisbon' });
    assert.deepEqual(heard, ['in Lisbon'], 'listeners hear the own change too');
  });

  test('a refusal rejects with the server\'s code and message', async () => {
    const { cut, socket } = await welcomed();
    const asked = cut.setProfile({ state: 'asleep' });
    answer(socket, 'set_profile', (f) => ({ event: 'error', ref: f.ref, code: 'bad_field', message: 'state must be online or away' }));
    await assert.rejects(asked, { code: 'bad_field', message: 'state must be online or away' });
  });

  test('others\' profile events are typed events and leave the own profile alone', async () => {
    const { cut, socket } = await welcomed();
    const next = cut.once('profile');
    socket.push({ event: 'profile', user: 'ben', display_name: 'Ben', status: '', avatar: null, state: 'offline', timestamp: now() });
    const event = await next;
    assert.deepEqual(profileOf(event), { user: 'ben', display_name: 'Ben', status: '', avatar: null, state: 'offline' });
    assert.equal(cut.profile, null);
  });
});

describe('endpoint', () => {
  test('an http(s) address of the server gives its ws endpoint under the context root', () => {
    assert.equal(endpointUrl('http://chat.test/app/index.html'), 'ws://chat.test/app/ws');
    assert.equal(endpointUrl('https://chat.test/', { name: 'Chloë', key: 'abc' }), 'wss://chat.test/ws?name=Chlo%C3%AB&key=abc');
    assert.equal(endpointUrl('wss://chat.test/ws', { name: 'ana', token: 't', key: 'k' }), 'wss://chat.test/ws?name=ana&token=t');
  });

  test('without a url outside a served page, connecting fails and is retried', async () => {
    const cut = new RelayClient({ WebSocket: FakeSocket, reconnect: { ...FAST, maxAttempts: 0 } });
    const close = cut.once('close');
    await assert.rejects(cut.connect(), { code: 'disconnected' });
    assert.match((await close).reason, /no url/);
  });
});
