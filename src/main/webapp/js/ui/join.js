// The form to join with a display name and an optional token.

import { isUserName } from '../protocol.js';
import { byId } from './dom.js';

const NAME_KEY = 'relay.name';

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
    onJoin({ name: chosen, token: token.value.trim() });
  });

  return {
    focus: () => name.focus(),
  };
}
