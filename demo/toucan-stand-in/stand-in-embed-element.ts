/**
 * Base class of the Toucan AI **stand-in**'s embeds (`<tc-dashboard>`, `<tc-ai-assistant>`).
 * A local imitation of the vendor's elements, for the demo: it takes a token in `auth-token`,
 * verifies it (ES256 signature, issuer, expiry) against `<server-url>/.well-known/jwks.json`,
 * and shows its content, a "Session expired" state when the token's `exp` passes, or an
 * "Invalid token" state. A new `auth-token` is verified while the current content stays on
 * screen, then only the changed parts re-render.
 */
import { LitElement, html, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { embedStyles } from './embed-styles.js';
import { verifyToken, type TokenVerdict } from './token-verification.js';

export type ValidToken = Extract<TokenVerdict, { kind: 'valid' }>;
type EmbedView = { kind: 'waiting' } | { kind: 'verifying' } | TokenVerdict;

const DEFAULT_SERVER_URL = '/stand-in';

export abstract class StandInEmbedElement extends LitElement {
  static override styles: CSSResultGroup = embedStyles;

  static override properties = {
    authToken: { attribute: 'auth-token' },
    serverUrl: { attribute: 'server-url' },
    view: { state: true },
  };

  /** The embed token (attribute `auth-token`). */
  declare authToken: string | null;
  /** Base URL of the stand-in's API (attribute `server-url`), default `/stand-in`. */
  declare serverUrl: string | null;
  declare protected view: EmbedView;

  /** Drops a verification result when a newer token arrived meanwhile. */
  #verifyCallId = 0;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.authToken = null;
    this.serverUrl = null;
    this.view = { kind: 'waiting' };
  }

  /** Heading shown in the embed's header. */
  protected abstract readonly embedTitle: string;
  /** The embed's content for a verified token. */
  protected abstract renderContent(token: ValidToken): TemplateResult;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.#verify();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#verifyCallId++;
    clearTimeout(this.#expiryTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('authToken') || changed.has('serverUrl')) void this.#verify();
  }

  async #verify(): Promise<void> {
    const callId = ++this.#verifyCallId;
    clearTimeout(this.#expiryTimer);
    if (!this.authToken) {
      this.view = { kind: 'waiting' };
      return;
    }
    if (this.view.kind !== 'valid') this.view = { kind: 'verifying' };
    const verdict = await verifyToken(this.authToken, this.serverUrl || DEFAULT_SERVER_URL);
    if (callId !== this.#verifyCallId || !this.isConnected) return;
    this.view = verdict;
    if (verdict.kind === 'valid') {
      const delayMs = Math.min(verdict.expiresAtMs - Date.now(), 2 ** 31 - 1);
      this.#expiryTimer = setTimeout(
        () => {
          this.view = { kind: 'expired' };
        },
        Math.max(0, delayMs),
      );
    }
  }

  protected override render(): TemplateResult {
    const { view } = this;
    const region = view.kind === 'valid' ? (view.region ?? 'none') : '';
    return html`
      <div class="frame" data-embed-state=${view.kind} data-region=${region}>
        <header>
          <span class="brand">Toucan AI · local stand-in</span>
          <span class="title">${this.embedTitle}</span>
          ${view.kind === 'valid' ? html`<span class="badge" title="Row-level security from the token">Region ${view.region ?? '—'}</span>` : ''}
        </header>
        <div class="body">${this.#renderBody(view)}</div>
        ${
          view.kind === 'valid'
            ? html`<footer>
                Signed in as <strong>${view.subject}</strong> (${view.role}) · token valid until ${formatTime(view.expiresAtMs)}
              </footer>`
            : ''
        }
      </div>
    `;
  }

  #renderBody(view: EmbedView): TemplateResult {
    switch (view.kind) {
      case 'valid':
        return this.renderContent(view);
      case 'expired':
        return notice('!', 'Session expired', 'The embed token expired and was not renewed. Waiting for a new token…', true);
      case 'invalid':
        return notice('×', 'Invalid token', view.reason, true);
      case 'verifying':
        return notice('', 'Verifying token…', 'Checking the signature against the stand-in’s keys.');
      case 'waiting':
        return notice('', 'Waiting for a token', 'Set the auth-token attribute to show this embed.');
    }
  }
}

function notice(icon: string, title: string, text: string, danger = false): TemplateResult {
  return html`<div class="notice ${danger ? 'danger' : ''}" role=${danger ? 'alert' : 'status'}>
    ${icon ? html`<span class="icon" aria-hidden="true">${icon}</span>` : ''}
    <strong>${title}</strong><span>${text}</span>
  </div>`;
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour12: false });
}
