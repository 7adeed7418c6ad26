// TEST STAND-IN for Toucan AI's https://toucanai.cloud/embed/embed.js — not Toucan's code.
// The example apps point `embed-src` here so they run offline; test/node/examples.test.ts serves
// this file at /fake-toucan/embed.js. In your app, drop `embed-src` and the real script loads.
//
// Defines <tc-dashboard> and <tc-ai-assistant>, which show whether they hold a token in `auth-token`
// (its length only: a page never prints a token).
class FakeToucanEmbed extends HTMLElement {
  static observedAttributes = ['auth-token', 'dashboard-id'];

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    this.render();
  }

  render() {
    const token = this.getAttribute('auth-token');
    const what =
      this.localName === 'tc-dashboard'
        ? `dashboard ${this.getAttribute('dashboard-id') ?? '(no dashboard-id)'}`
        : 'AI assistant';
    this.shadowRoot.textContent = token
      ? `Fake Toucan ${what}: token received (${token.length} characters)`
      : `Fake Toucan ${what}: no token`;
  }
}

for (const tag of ['tc-dashboard', 'tc-ai-assistant']) {
  if (!customElements.get(tag)) customElements.define(tag, class extends FakeToucanEmbed {});
}
