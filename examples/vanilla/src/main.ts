import 'toucan-embed-loader'; // registers <toucan-dashboard> and <toucan-ai-assistant>

const dashboard = document.querySelector('toucan-dashboard')!; // typed ToucanDashboardElement
const status = document.querySelector<HTMLOutputElement>('#token-status')!;
let tokens = 0;

// `event` is a ToucanTokenEvent: its fields are properties of the event (no `detail`), never the token.
dashboard.addEventListener('toucan-token', (event) => {
  tokens += 1;
  status.value = `reason: ${event.reason} · tokens: ${tokens} · valid until ${new Date(event.expiresAt).toLocaleTimeString()}`;
});

dashboard.addEventListener('toucan-error', (event) => {
  if (event.fatal) status.value = `error: ${event.kind} (${event.message})`;
});
