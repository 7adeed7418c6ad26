// Baseline: the best hand-written glue. The token request and the vendor script load start at
// once; the embeds are created when both are done and the token is refreshed on a timer.
// With `perEmbed: true` each embed fetches and refreshes its own token from its container's
// `data-token-url` (an embed component with its own timer, the usual way when embeds are separate
// components).
// With `promises: true` it also keeps, by hand in plain DOM code, what the package promises each
// embed beyond the token (docs/behaviour.md §6): a shadow root with `loading` and `error` slots that
// follow the state, a `state` attribute, and the `toucan-statechange` and `toucan-token` events
// (bubbling, composed, fields as readonly own properties) — the floor of any wrapper that keeps them.
// Reads its settings from <script type="application/json" id="bench-config">.
const { tokenUrl, embedSrc, tag, perEmbed, promises } = JSON.parse(document.getElementById('bench-config').textContent);

async function fetchToken(url = tokenUrl) {
  const response = await fetch(url, { cache: 'no-store' });
  return response.json(); // { token, expiresIn }
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

const BUBBLES_COMPOSED = { bubbles: true, composed: true };
const field = (value) => ({ value, enumerable: true });

/** The promised state of one container (`promises: true`): attribute, slots, event. */
function setState(container, state) {
  const previous = container.getAttribute('state') ?? 'idle';
  container.setAttribute('state', state);
  const shownSlot = (of) => (of === 'loading' ? 0 : of === 'error' || of === 'expired' ? 2 : null);
  if (shownSlot(state) !== shownSlot(previous)) {
    const [loading, , error] = container.shadowRoot.children;
    loading.hidden = shownSlot(state) !== 0;
    error.hidden = shownSlot(state) !== 2;
  }
  const event = new Event('toucan-statechange', BUBBLES_COMPOSED);
  Object.defineProperties(event, { state: field(state), previous: field(previous) });
  container.dispatchEvent(event);
}

function tokenEvent(container, expiresIn, reason) {
  const event = new Event('toucan-token', BUBBLES_COMPOSED);
  Object.defineProperties(event, {
    expiresAt: field(Date.now() + expiresIn * 1000),
    lifetime: field(expiresIn * 1000),
    reason: field(reason),
    via: field('request'),
  });
  container.dispatchEvent(event);
}

let slots;
function promise(container) {
  if (!slots) {
    slots = document.createElement('template');
    for (const name of ['loading', '', 'error']) {
      const slot = document.createElement('slot');
      if (name) slot.name = name;
      slot.hidden = name !== '';
      slots.content.append(slot);
    }
  }
  container.attachShadow({ mode: 'open' }).append(slots.content.cloneNode(true));
  setState(container, 'loading');
}

function scheduleRefresh(embeds, expiresInSeconds, url = tokenUrl) {
  const refreshInMs = Math.max(expiresInSeconds - 60, expiresInSeconds / 2) * 1000;
  setTimeout(async () => {
    if (promises) for (const embed of embeds) setState(embed.parentNode, 'refreshing');
    const { token, expiresIn } = await fetchToken(url);
    for (const embed of embeds) {
      embed.setAttribute('auth-token', token);
      if (!promises) continue;
      setState(embed.parentNode, 'ready');
      tokenEvent(embed.parentNode, expiresIn, 'scheduled');
    }
    scheduleRefresh(embeds, expiresIn, url);
  }, refreshInMs);
}

function createEmbed(container, token, expiresIn) {
  const embed = document.createElement(tag);
  embed.setAttribute('dashboard-id', container.dataset.dashboardId);
  embed.setAttribute('auth-token', token);
  container.append(embed);
  if (promises) {
    setState(container, 'ready');
    tokenEvent(container, expiresIn, 'initial');
  }
  return embed;
}

const containers = [...document.querySelectorAll('.embed')];
if (promises) containers.forEach(promise);
const defined = loadScript(embedSrc).then(() => customElements.whenDefined(tag));
if (perEmbed) {
  for (const container of containers) {
    const url = container.dataset.tokenUrl ?? tokenUrl;
    Promise.all([fetchToken(url), defined]).then(([{ token, expiresIn }]) =>
      scheduleRefresh([createEmbed(container, token, expiresIn)], expiresIn, url),
    );
  }
} else {
  const [{ token, expiresIn }] = await Promise.all([fetchToken(), defined]);
  scheduleRefresh(
    containers.map((container) => createEmbed(container, token, expiresIn)),
    expiresIn,
  );
}
