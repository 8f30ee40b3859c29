// Wires the chat client to the page.

import { awayDelay, watchAway } from './away.js';
import { ChatClient } from './chat-client.js';
import { RelayClient, State, fileUrl } from './relay-client.js';
import { composer } from './ui/composer.js';
import { conversationView } from './ui/conversation.js';
import { byId, setText } from './ui/dom.js';
import { drawers } from './ui/drawers.js';
import { feed } from './ui/feed.js';
import { messageTime } from './ui/format.js';
import { joinForm } from './ui/join.js';
import { frameLog } from './ui/log.js';
import { membersList } from './ui/members.js';
import { notices } from './ui/notices.js';
import { profileEditor } from './ui/profile.js';
import { sidebar } from './ui/sidebar.js';
import { statsPanel } from './ui/stats.js';
import { statusBar } from './ui/status.js';
import { tabs } from './ui/tabs.js';
import { uploadTray } from './ui/uploads.js';

// Its endpoint is the server this page and the library came from.
const relay = new RelayClient();
const client = new ChatClient(relay);

const joinView = byId('join-view');
const chatView = byId('chat-view');
const totalUnread = byId('total-unread');
const broadcastUnread = byId('broadcast-unread');
let unseenBroadcasts = 0;

const layout = drawers();
const join = joinForm({ onJoin: (credentials) => client.connect(credentials) });
const status = statusBar({
  onRetry: () => relay.retryNow(),
  onDisconnect: () => client.disconnect(),
});
const rooms = sidebar({
  onSelect(conversation) {
    client.select(conversation);
    layout.close();
  },
  onJoinRoom(name) {
    const problem = client.joinRoom(name);
    if (!problem) layout.close();
    return problem;
  },
  onOpenDirect: openDirect,
});
/** A profile's avatar address, relative to the socket's as file addresses are, made absolute. */
const pictureUrl = (avatar) => fileUrl(avatar, relay.url);
const conversation = conversationView({
  onLeave: (c) => client.leave(c),
  onLoadOlder: () => client.loadOlder(),
  onRetry: (message) => client.retry(message),
  onEdit: (message, text) => changeMessage(relay.editMessage(message.id, text),
    (c) => c.editMessage(message.id, text, new Date().toISOString())),
  onDelete: (message) => changeMessage(relay.deleteMessage(message.id), (c) => c.deleteMessage(message.id)),
  downloadUrl: (fileId) => client.downloadUrl(fileId),
  pictureUrl,
});
const uploads = uploadTray({
  requestUpload: (file) => relay.requestUpload(file),
  maxBytes: () => relay.limits?.max_file_bytes,
  onChange: render,
});
const box = composer({
  onSend: (text) => client.send(text, undefined, uploads.take()),
  onInput: () => client.typed(),
  hasFiles: () => uploads.ready().length > 0,
  uploading: () => uploads.uploading(),
});
const members = membersList({ onOpenDirect: openDirect, pictureUrl });
const profile = profileEditor({
  profile: () => client.state.profiles.get(client.state.user) ?? null,
  limits: () => relay.limits,
  pictureUrl,
  requestUpload: (file) => relay.requestUpload(file),
  save: (fields) => relay.setProfile(fields),
});
const log = frameLog();
const stats = statsPanel();
const toasts = notices();
const echoes = feed({
  formId: 'echo-form',
  inputId: 'echo-input',
  listId: 'echo-list',
  itemTestId: 'echo-item',
  onSend: (text) => client.echo(text),
  describeReply: (reply) => `echoed ${messageTime(reply.timestamp)}`,
});
const broadcasts = feed({
  formId: 'broadcast-form',
  inputId: 'broadcast-input',
  listId: 'broadcast-list',
  itemTestId: 'broadcast-item',
  onSend: (text) => client.broadcast(text),
  describeReply: () => 'sent to everyone',
});
const tools = tabs(document.querySelector('.tabs'), {
  onSelect(id) {
    if (id === 'tab-broadcast') unseenBroadcasts = 0;
    render();
  },
});

/** Sends an edit or deletion of an own message; the change shows once the server has made it. */
/** Applies an edit or deletion of one's own message once the server acknowledged it. */
function changeMessage(request, apply) {
  const changed = client.state.current;
  request.then(() => {
    if (changed) apply(changed);
  }, (failure) => toasts.show({ code: failure.code, message: failure.message })).finally(render);
}

/** Tells others whether the user is at the page; while offline it waits in the outbox, in order. */
function setState(state) {
  relay.setProfile({ state }, { queue: true }).catch(() => {});
}

function openDirect(user) {
  const problem = client.openDirect(user);
  if (!problem) {
    layout.close();
    box.focus();
  }
  return problem;
}

function render() {
  const state = client.state;
  const active = relay.state !== State.OFFLINE;
  joinView.hidden = active;
  chatView.hidden = !active;
  chatView.dataset.connection = relay.state;
  layout.show(active);

  status.render(relay, state.user);
  rooms.render(state);
  conversation.render(state, relay, (room) => client.typing.names(room));
  box.render(state, relay.state === State.ONLINE);
  // Slots and uploads need the connection, unlike messages, which wait in the outbox.
  uploads.render(state.current != null && relay.state === State.ONLINE);
  members.render(state);
  profile.render(state);
  stats.render(relay);

  const unread = state.totalUnread;
  totalUnread.hidden = unread === 0;
  setText(totalUnread, String(unread));
  document.title = unread ? `(${unread}) Relay` : 'Relay';
  broadcastUnread.hidden = unseenBroadcasts === 0;
  setText(broadcastUnread, String(unseenBroadcasts));
}

client.addEventListener('change', render);
client.addEventListener('notice', (event) => toasts.show(event.detail));
client.addEventListener('refused', (event) => join.refused(event.detail.message));
client.addEventListener('echo', (event) => echoes.received('Server', event.detail.original_message, event.detail.timestamp));
client.addEventListener('broadcast', (event) => {
  const { user, from, message, timestamp } = event.detail;
  broadcasts.received(user ?? from ?? 'Someone', message, timestamp);
  if (tools.selected() !== 'tab-broadcast') unseenBroadcasts++;
  render();
});
relay.on('frame', ({ direction, text }) => log.add(direction, text));
relay.on('close', ({ code, reason, willRetry, retryIn }) => {
  log.add('sys', `Closed (${code}${reason ? `, ${reason}` : ''})`);
  if (willRetry) log.add('sys', `Reconnecting in ${(retryIn / 1000).toFixed(1)} s`);
});
relay.on('outbox', render);
// Others' edits and deletions change only the messages shown.
for (const change of ['message_edited', 'message_deleted']) {
  relay.on(change, (frame) => {
    client.state.applyChange(frame);
    render();
  });
}
relay.on('state', ({ state }) => {
  if (state === State.CONNECTING || (state === State.RECONNECTING && !relay.retryAt)) log.add('sys', 'Connecting');
  if (state === State.OFFLINE) join.focus();
});

const idle = watchAway({
  delayMs: awayDelay(),
  onAway: () => setState('away'),
  onBack: () => setState('online'),
});
// The server keeps the state last set, across connections and closes: a page that opens, or
// comes back, says what it sees.
relay.on('welcome', (welcome) => {
  const seen = idle.away ? 'away' : 'online';
  if (welcome.profile?.state !== seen) setState(seen);
});
document.addEventListener('visibilitychange', () => client.setVisible(document.visibilityState === 'visible'));
window.addEventListener('online', () => relay.retryNow());
setInterval(() => {
  status.render(relay, client.state.user);
  stats.render(relay);
}, 1000);

render();
