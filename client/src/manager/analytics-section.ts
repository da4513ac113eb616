import { html, nothing, type TemplateResult } from 'lit-html';
import { messageFor } from '../shared/errors';
import type { AnalyticsPanel } from './analytics-panel';

/** Whether the charts were open when this browser last left the page. */
const OPEN_KEY = 'brewline.manager.analytics';

/**
 * The analytics section, closed until the manager opens it (and then open on their next visits):
 * each open runs eight queries, on AWS eight Athena queries billed at 10 MB each at least, which a
 * manager who came to edit the menu does not need; and ECharts, most of the page's weight, is
 * fetched only then, as a chunk of its own.
 */
export class AnalyticsSection {
  private open = localStorage.getItem(OPEN_KEY) === 'open';
  private panel: AnalyticsPanel | null = null;
  private error = '';
  /** Only managers see the section: start() is called once the user is known to be one. */
  private started = false;

  constructor(private readonly changed: () => void) {}

  start(): void {
    this.started = true;
    if (this.open) void this.show();
  }

  private async show(): Promise<void> {
    this.open = true;
    this.error = '';
    localStorage.setItem(OPEN_KEY, 'open');
    this.changed();
    if (this.panel) return;
    // A failed import (a deploy replaced the chunk, the network dropped) is tried again on the next open.
    try {
      const { AnalyticsPanel } = await import('./analytics-panel');
      this.panel = new AnalyticsPanel(this.changed);
      this.panel.load();
    } catch (error) {
      this.error = messageFor(error);
    }
    this.changed();
  }

  private hide(): void {
    this.open = false;
    localStorage.removeItem(OPEN_KEY);
    this.changed();
  }

  view(): TemplateResult | typeof nothing {
    if (!this.started) return nothing;
    return html`<section class="card analytics" aria-labelledby="analytics-heading">
      <div class="section-head">
        <h2 id="analytics-heading">Analytics</h2>
        <button type="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="analytics-body" @click=${() => (this.open ? this.hide() : void this.show())}>
          ${this.open ? 'Hide charts' : 'Show charts'}
        </button>
      </div>
      <div id="analytics-body" ?hidden=${!this.open}>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.open ? (this.panel?.view() ?? html`<p class="muted" role="status">Loading the charts…</p>`) : nothing}
      </div>
    </section>`;
  }
}
