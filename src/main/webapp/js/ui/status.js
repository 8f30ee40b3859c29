// The connection state in the top bar, always visible.

import { State } from '../relay-client.js';
import { byId, setText } from './dom.js';

const LABELS = {
  [State.OFFLINE]: 'Offline',
  [State.CONNECTING]: 'Connecting…',
  [State.ONLINE]: 'Online',
  [State.RECONNECTING]: 'Reconnecting…',
};

export function statusBar({ onRetry, onDisconnect }) {
  const state = byId('connection-state');
  const retry = byId('retry');
  const identity = byId('identity');
  const me = byId('me');

  retry.addEventListener('click', onRetry);
  byId('disconnect').addEventListener('click', onDisconnect);

  return {
    render(connection, user) {
      const current = connection.state;
      state.dataset.state = current;
      let label = LABELS[current];
      if (current === State.RECONNECTING && connection.retryAt) {
        const seconds = Math.ceil((connection.retryAt - Date.now()) / 1000);
        if (seconds > 0) label = `Reconnecting in ${seconds} s`;
      }
      setText(state, label);
      retry.hidden = !(current === State.RECONNECTING && connection.retryAt);
      identity.hidden = current === State.OFFLINE;
      setText(me, user ?? '');
    },
  };
}
