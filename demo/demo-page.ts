/**
 * The demo page's own script (not part of the library). Loaded before `/src/index.ts` so the
 * status panel hears the wrappers' very first events.
 */
import { DemoOutageControlElement } from './outage-control.js';
import { DemoStatusPanelElement } from './status-panel.js';
import { TokenTimeline } from './token-timeline.js';

const timeline = new TokenTimeline();
timeline.observe(document);

if (!customElements.get('demo-status-panel')) customElements.define('demo-status-panel', DemoStatusPanelElement);
if (!customElements.get('demo-outage-control')) customElements.define('demo-outage-control', DemoOutageControlElement);

const panel = document.querySelector('demo-status-panel');
if (panel) panel.timeline = timeline;

/** User picker: the host "session" is the `demo_user` cookie; switching reloads the page. */
async function setUpUserPicker(): Promise<void> {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-demo-user]')];
  const response = await fetch('/api/demo/user', { cache: 'no-store' });
  const current = (await response.json()) as { distinctId: string } | null;
  for (const button of buttons) {
    button.setAttribute('aria-pressed', String(button.dataset['demoUser'] === current?.distinctId));
    button.addEventListener('click', async () => {
      if (button.getAttribute('aria-pressed') === 'true') return;
      const switched = await fetch('/api/demo/user', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: button.dataset['demoUser'] }),
      });
      await switched.json();
      if (switched.ok) location.reload();
    });
  }
}

/** Theme switch: `data-theme` on the wrappers is forwarded to the vendor elements. */
function setUpThemeToggle(): void {
  const toggle = document.querySelector<HTMLButtonElement>('[data-theme-toggle]');
  toggle?.addEventListener('click', () => {
    const theme = document.documentElement.dataset['theme'] === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset['theme'] = theme;
    toggle.setAttribute('aria-pressed', String(theme === 'dark'));
    toggle.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
    for (const wrapper of document.querySelectorAll('toucan-dashboard, toucan-ai-assistant')) {
      wrapper.setAttribute('data-theme', theme);
    }
  });
}

void setUpUserPicker();
setUpThemeToggle();
