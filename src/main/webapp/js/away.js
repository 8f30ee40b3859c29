// Away after a spell without input: the user's state goes `away` after a
// while without pointer or keyboard input (a hidden page gets none, so it goes
// away too), and `online` again on the next input.

/** Five minutes, as the protocol describes for the web client. */
export const AWAY_AFTER_MS = 5 * 60 * 1000;

const INPUTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

/**
 * The delay, overridable for tests with the page's query parameter `?away_after_ms=`
 * (a browser test sets it short so that it sees the state change without waiting minutes).
 */
export function awayDelay(search = location.search) {
  const given = Number(new URLSearchParams(search).get('away_after_ms'));
  return Number.isFinite(given) && given > 0 ? given : AWAY_AFTER_MS;
}

/**
 * Watches `target` for input; calls `onAway` once the delay passes without any, then `onBack`
 * on the next input.
 * @returns {{away: boolean}}
 */
export function watchAway({ delayMs, onAway, onBack, target = window }) {
  let away = false;
  let timer = null;

  function restart() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      away = true;
      onAway();
    }, delayMs);
  }

  function input() {
    if (away) {
      away = false;
      onBack();
    }
    restart();
  }

  for (const type of INPUTS) target.addEventListener(type, input, { passive: true, capture: true });
  restart();
  return {
    /** Whether the user is away now, as last told to `onAway`/`onBack`. */
    get away() { return away; },
  };
}
