// Frames sent and received, uptime of the current connection, reconnects, queue.

import { byId, setText } from './dom.js';
import { duration } from './format.js';

export function statsPanel() {
  const sent = byId('stat-sent');
  const received = byId('stat-received');
  const uptime = byId('stat-uptime');
  const reconnects = byId('stat-reconnects');
  const queued = byId('stat-queued');

  return {
    render(connection) {
      const { stats } = connection;
      setText(sent, String(stats.sent));
      setText(received, String(stats.received));
      setText(uptime, stats.openedAt ? duration(Date.now() - stats.openedAt) : '–');
      setText(reconnects, String(stats.reconnects));
      setText(queued, String(connection.queued));
    },
  };
}
