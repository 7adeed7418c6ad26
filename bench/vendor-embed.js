// Stand-in for Toucan's vendor script (https://toucanai.cloud/embed/embed.js), served by the
// bench server with a chosen latency. It defines <tc-dashboard> and <tc-ai-assistant> and is
// also the bench's probe, identical for the product and both baselines: an embed counts as
// ready when it is connected, upgraded and holds a token; as refreshed when its token changes.
// It records performance.now() when the page's expected count is reached (window.__bench) and
// says so on the console.
const bench = (window.__bench ??= { expected: 0, ready: 0, refreshed: 0, readyAt: null, refreshedAt: null });

class BenchVendorElement extends HTMLElement {
  static observedAttributes = ['auth-token'];
  #counted = false;

  connectedCallback() {
    if (this.#counted || !this.hasAttribute('auth-token')) return;
    this.#counted = true;
    if (++bench.ready !== bench.expected) return;
    bench.readyAt = performance.now();
    console.debug('bench:ready'); // the runner listens instead of polling (polling would add script time)
  }

  attributeChangedCallback(_name, previous, value) {
    if (previous === null || value === null || !this.isConnected) return;
    if (++bench.refreshed !== bench.expected) return;
    bench.refreshedAt = performance.now();
    console.debug('bench:refreshed');
  }
}

for (const tag of ['tc-dashboard', 'tc-ai-assistant']) {
  if (!customElements.get(tag)) customElements.define(tag, class extends BenchVendorElement {});
}
