// On narrow screens the sidebar and the panels slide in over the conversation.

import { byId } from './dom.js';

export function drawers() {
  const backdrop = byId('backdrop');
  const pairs = [
    [byId('toggle-sidebar'), byId('sidebar')],
    [byId('toggle-panels'), byId('panels')],
  ];

  function close() {
    for (const [toggle, drawer] of pairs) {
      toggle.setAttribute('aria-expanded', 'false');
      drawer.classList.remove('open');
    }
    backdrop.hidden = true;
  }

  for (const [toggle, drawer] of pairs) {
    toggle.addEventListener('click', () => {
      const opening = !drawer.classList.contains('open');
      close();
      if (!opening) return;
      drawer.classList.add('open');
      toggle.setAttribute('aria-expanded', 'true');
      backdrop.hidden = false;
    });
  }
  backdrop.addEventListener('click', close);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  return {
    close,
    show(visible) {
      for (const [toggle] of pairs) toggle.hidden = !visible;
      if (!visible) close();
    },
  };
}
