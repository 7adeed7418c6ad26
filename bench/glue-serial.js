// Baseline: the serial glue code hosts write by hand. Fetch a token, then add the vendor script,
// then create the embeds with the token (one token for every embed on the page), and refresh it
// on a timer. Reads its settings from <script type="application/json" id="bench-config">.
const { tokenUrl, embedSrc, tag } = JSON.parse(document.getElementById('bench-config').textContent);

async function fetchToken() {
  const response = await fetch(tokenUrl, { cache: 'no-store' });
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

function scheduleRefresh(embeds, expiresInSeconds) {
  const refreshInMs = Math.max(expiresInSeconds - 60, expiresInSeconds / 2) * 1000;
  setTimeout(async () => {
    const { token, expiresIn } = await fetchToken();
    for (const embed of embeds) embed.setAttribute('auth-token', token);
    scheduleRefresh(embeds, expiresIn);
  }, refreshInMs);
}

const { token, expiresIn } = await fetchToken();
await loadScript(embedSrc);
await customElements.whenDefined(tag);
const embeds = [...document.querySelectorAll('.embed')].map((container) => {
  const embed = document.createElement(tag);
  embed.setAttribute('dashboard-id', container.dataset.dashboardId);
  embed.setAttribute('auth-token', token);
  container.append(embed);
  return embed;
});
scheduleRefresh(embeds, expiresIn);
