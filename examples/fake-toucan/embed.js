// TEST STAND-IN for Toucan AI's https://toucanai.cloud/embed/embed.js — not Toucan's code.
// The example apps point `embed-src` here so they run offline; test/node/examples.test.ts serves
// this file at /fake-toucan/embed.js. In your app, drop `embed-src` and the real script loads.
//
// Defines <tc-dashboard>, which shows whether it holds a token in `auth-token` (its length only:
// a page never prints a token).
if (!customElements.get('tc-dashboard')) {
  customElements.define(
    'tc-dashboard',
    class FakeToucanDashboard extends HTMLElement {
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
        const dashboard = this.getAttribute('dashboard-id') ?? '(no dashboard-id)';
        this.shadowRoot.textContent = token
          ? `Fake Toucan dashboard ${dashboard}: token received (${token.length} characters)`
          : `Fake Toucan dashboard ${dashboard}: no token`;
      }
    },
  );
}
