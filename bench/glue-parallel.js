// Baseline: the best hand-written glue. The token request and the vendor script load start at
// once; the embeds are created when both are done and the token is refreshed on a timer.
// With `perEmbed: true` each embed fetches and refreshes its own token from its container's
// `data-token-url` (an embed component with its own timer, the usual way when embeds are separate
// components).
// Reads its settings from <script type="application/json" id="bench-config">.
const { tokenUrl, embedSrc, tag, perEmbed } = JSON.parse(document.getElementById('bench-config').textContent);

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

function scheduleRefresh(embeds, expiresInSeconds, url = tokenUrl) {
  const refreshInMs = Math.max(expiresInSeconds - 60, expiresInSeconds / 2) * 1000;
  setTimeout(async () => {
    const { token, expiresIn } = await fetchToken(url);
    for (const embed of embeds) embed.setAttribute('auth-token', token);
    scheduleRefresh(embeds, expiresIn, url);
  }, refreshInMs);
}

function createEmbed(container, token) {
  const embed = document.createElement(tag);
  embed.setAttribute('dashboard-id', container.dataset.dashboardId);
  embed.setAttribute('auth-token', token);
  container.append(embed);
  return embed;
}

const containers = [...document.querySelectorAll('.embed')];
const defined = loadScript(embedSrc).then(() => customElements.whenDefined(tag));
if (perEmbed) {
  for (const container of containers) {
    const url = container.dataset.tokenUrl ?? tokenUrl;
    Promise.all([fetchToken(url), defined]).then(([{ token, expiresIn }]) =>
      scheduleRefresh([createEmbed(container, token)], expiresIn, url),
    );
  }
} else {
  const [{ token, expiresIn }] = await Promise.all([fetchToken(), defined]);
  scheduleRefresh(
    containers.map((container) => createEmbed(container, token)),
    expiresIn,
  );
}
