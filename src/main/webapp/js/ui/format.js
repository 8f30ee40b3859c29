// Dates and durations for people.

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

function parse(timestamp) {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function messageTime(timestamp) {
  const date = parse(timestamp);
  if (!date) return '';
  const today = new Date().toDateString() === date.toDateString();
  return (today ? timeOfDay : dayAndTime).format(date);
}

export function fullTime(timestamp) {
  const date = parse(timestamp);
  return date ? full.format(date) : '';
}

export function clockTime(date = new Date()) {
  return clock.format(date);
}

export function duration(ms) {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB'];

/** A byte count for people: "812 bytes", "48.2 KB", "10 MB". */
export function fileSize(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${SIZE_UNITS[unit]}`;
}
