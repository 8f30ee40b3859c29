// The form to join with a display name and an optional token, and the key
// that keeps this browser's name for it on the server.

import { isUserName } from '../protocol.js';
import { byId } from './dom.js';

const NAME_KEY = 'relay.name';
const BROWSER_KEY = 'relay.key';

export function joinForm({ onJoin }) {
  const form = byId('join-form');
  const name = byId('name');
  const token = byId('token');
  const error = byId('join-error');

  name.value = localStorage.getItem(NAME_KEY) ?? '';
  // Disabled in the markup so that nothing is submitted before this script runs.
  byId('connect').disabled = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = name.value.trim();
    if (chosen && !isUserName(chosen)) {
      error.textContent = 'Names have at most 32 characters.';
      error.hidden = false;
      name.focus();
      return;
    }
    error.hidden = true;
    localStorage.setItem(NAME_KEY, chosen);
    onJoin({ name: chosen, token: token.value.trim(), key: browserKey() });
  });

  return {
    focus: () => name.focus(),
    /** The server refused the name (kept for another browser, say). */
    refused(text) {
      error.textContent = text;
      error.hidden = false;
      name.focus();
    },
  };
}

/**
 * A random key made once per browser and kept in its storage: in anonymous
 * mode the server keeps a name for the key that uses it, so nobody else can
 * take the name and read what is sent to it.
 */
function browserKey() {
  let key = localStorage.getItem(BROWSER_KEY);
  if (!key) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    localStorage.setItem(BROWSER_KEY, key);
  }
  return key;
}
