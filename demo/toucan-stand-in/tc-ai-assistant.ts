/**
 * `<tc-ai-assistant>` of the Toucan AI **stand-in**: a small chat that answers fixed questions
 * from the HR rows the token's `attributes.region` allows. The conversation survives token
 * refreshes; it is hidden while the session is expired or the token invalid.
 */
import { css, html, type CSSResultGroup, type TemplateResult } from 'lit';
import { answerQuestion, matchQuestion, SUGGESTED_QUESTIONS, type SuggestedQuestion } from './assistant-answers.js';
import { rowsForRegion } from './hr-headcount.js';
import { StandInEmbedElement, type ValidToken } from './stand-in-embed-element.js';

interface ChatMessage {
  readonly author: 'user' | 'assistant';
  readonly text: string;
}

export class TcAiAssistantElement extends StandInEmbedElement {
  static override styles: CSSResultGroup = [
    StandInEmbedElement.styles,
    css`
      .chat {
        display: flex;
        flex-direction: column;
        gap: 10px;
        height: 100%;
      }
      .log {
        flex: 1;
        min-height: 60px;
        overflow: auto;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .message {
        max-width: 85%;
        padding: 7px 11px;
        border-radius: 12px;
        white-space: pre-wrap;
      }
      .message.user {
        align-self: flex-end;
        background: var(--tc-accent);
        color: var(--tc-bg);
        border-bottom-right-radius: 3px;
      }
      .message.assistant {
        align-self: flex-start;
        background: var(--tc-surface);
        border: 1px solid var(--tc-border);
        border-bottom-left-radius: 3px;
      }
      .suggestions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      button,
      input {
        font: inherit;
        color: inherit;
      }
      .suggestions button {
        border: 1px solid var(--tc-border);
        background: var(--tc-bg);
        border-radius: 999px;
        padding: 3px 10px;
        cursor: pointer;
        font-size: 13px;
      }
      .suggestions button:hover {
        border-color: var(--tc-accent);
        color: var(--tc-accent);
      }
      form {
        display: flex;
        gap: 6px;
      }
      input {
        flex: 1;
        min-width: 0;
        padding: 6px 10px;
        border: 1px solid var(--tc-border);
        border-radius: 6px;
        background: var(--tc-bg);
      }
      form button {
        border: none;
        border-radius: 6px;
        padding: 6px 14px;
        background: var(--tc-accent);
        color: var(--tc-bg);
        cursor: pointer;
      }
    `,
  ];

  static override properties = { ...StandInEmbedElement.properties, messages: { state: true } };

  declare private messages: readonly ChatMessage[];
  protected override readonly embedTitle = 'AI assistant';

  constructor() {
    super();
    this.messages = [{ author: 'assistant', text: 'Hi! Ask me about headcount in your region.' }];
  }

  protected override renderContent(token: ValidToken): TemplateResult {
    return html`
      <div class="chat">
        <div class="log" aria-live="polite">
          ${this.messages.map((message) => html`<div class="message ${message.author}">${message.text}</div>`)}
        </div>
        <div class="suggestions">
          ${SUGGESTED_QUESTIONS.map(
            (question) =>
              html`<button type="button" @click=${() => this.#ask(question.text, question, token)}>${question.text}</button>`,
          )}
        </div>
        <form @submit=${(event: SubmitEvent) => this.#submit(event, token)}>
          <input name="question" placeholder="Ask about headcount…" autocomplete="off" aria-label="Question" />
          <button type="submit">Ask</button>
        </form>
      </div>
    `;
  }

  #submit(event: SubmitEvent, token: ValidToken): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('question') as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    this.#ask(text, matchQuestion(text), token);
  }

  #ask(text: string, question: SuggestedQuestion | null, token: ValidToken): void {
    const answer = answerQuestion(question, rowsForRegion(token.region), token.region ?? '—');
    this.messages = [...this.messages, { author: 'user', text }, { author: 'assistant', text: answer }];
    void this.updateComplete.then(() => {
      const log = this.renderRoot.querySelector('.log');
      log?.scrollTo({ top: log.scrollHeight });
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tc-ai-assistant': TcAiAssistantElement;
  }
}
