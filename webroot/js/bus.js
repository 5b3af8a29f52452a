// Live data over the Vert.x SockJS event-bus bridge (vendor/vertx-eventbus.js over vendor/sockjs.min.js).
// One connection per page; views subscribe to addresses here and get every message pushed to them.
// The bridge drops a connection's registrations when it closes, so they are re-made on every open.

export const ADDR = {
  alerts: 'vigil.alerts',
  readings: 'vigil.live.readings',
  status: 'vigil.devices.status',
};

const listeners = new Map(Object.values(ADDR).map(a => [a, new Set()]));
const stateListeners = new Set();
let eb = null;
let everOpened = false;

/** Connects once; safe to call again. */
export function connect(url = '/eventbus') {
  if (eb || typeof window.EventBus !== 'function') return;
  eb = new window.EventBus(url, { vertxbus_reconnect_delay_max: 10000 });
  eb.enableReconnect(true);
  eb.onopen = () => {
    for (const address of listeners.keys()) {
      eb.registerHandler(address, (err, msg) => { if (!err && msg) dispatch(address, msg.body); });
    }
    const reconnected = everOpened;
    everOpened = true;
    notifyState('open', reconnected);
  };
  eb.onclose = () => notifyState('closed', false);
  notifyState('connecting', false);
}

function dispatch(address, body) {
  for (const fn of listeners.get(address) || []) {
    try { fn(body); } catch (e) { console.error('live handler failed', address, e); }
  }
}

function notifyState(state, reconnected) {
  for (const fn of stateListeners) fn(state, reconnected);
}

/** Calls fn with each message body published on address; returns the unsubscribe function. */
export function on(address, fn) {
  listeners.get(address).add(fn);
  return () => listeners.get(address).delete(fn);
}

/** Calls fn(state, reconnected) when the connection opens or closes; state is connecting|open|closed. */
export function onState(fn) {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}
