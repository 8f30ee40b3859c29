// Accessible tabs: arrows move between them, the chosen panel shows.

export function tabs(tablist, { onSelect } = {}) {
  const buttons = [...tablist.querySelectorAll('[role="tab"]')];

  function select(button) {
    for (const other of buttons) {
      const selected = other === button;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
    onSelect?.(button.id);
  }

  tablist.addEventListener('click', (event) => {
    const button = event.target.closest('[role="tab"]');
    if (button) select(button);
  });
  tablist.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const index = buttons.indexOf(document.activeElement);
    const next = buttons[(index + step + buttons.length) % buttons.length];
    next.focus();
    select(next);
  });

  return {
    selected: () => buttons.find((b) => b.getAttribute('aria-selected') === 'true')?.id,
  };
}
