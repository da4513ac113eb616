import { html, nothing, type TemplateResult } from 'lit-html';
import { ref } from 'lit-html/directives/ref.js';
import { messageFor } from '../../shared/errors';
import { drawChart, withDefaults, type ChartOption, type ECharts } from './echarts';
import { AbandonedError } from './delivery';

/** The days a chart covers, AWSDate strings, both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** What one chart is: where its figures come from, when they count as none, how they are drawn and told in words. */
export interface ChartSpec<T> {
  id: string;
  title: string;
  /** Under the title: what the chart covers ("Last 7 days, UTC"). */
  caption(range: DayRange): string;
  load(range: DayRange, progress: { onPending: () => void; signal: AbortSignal }): Promise<T>;
  isEmpty(data: T): boolean;
  emptyText: string;
  option(data: T): ChartOption;
  /** The text alternative: the figures a reader of the chart would take from it. */
  summary(data: T): string;
  /** The drawing's height in px; its width follows the card. */
  height?: number;
}

type State<T> = { kind: 'loading'; pending: boolean } | { kind: 'error'; message: string } | { kind: 'ready'; data: T };

/**
 * One chart on the page with its four states: loading (and "still computing" while the API
 * answers PENDING), error with a retry, empty, and drawn. The ECharts instance lives on the
 * container lit-html renders for the drawn state; a new container (after a reload) gets a new one.
 */
export class ChartCard<T> {
  private state: State<T> = { kind: 'loading', pending: false };
  private range: DayRange | null = null;
  private loading: AbortController | null = null;
  private chart: ECharts | null = null;
  private element: Element | null = null;
  private readonly resizes = new ResizeObserver(() => this.chart?.resize());

  constructor(
    private readonly spec: ChartSpec<T>,
    private readonly changed: () => void,
  ) {}

  async load(range: DayRange): Promise<void> {
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    this.range = range;
    this.state = { kind: 'loading', pending: false };
    this.changed();
    try {
      const data = await this.spec.load(range, {
        signal: loading.signal,
        onPending: () => {
          this.state = { kind: 'loading', pending: true };
          this.changed();
        },
      });
      if (loading.signal.aborted) return;
      this.state = { kind: 'ready', data };
    } catch (error) {
      if (error instanceof AbandonedError || loading.signal.aborted) return;
      this.state = { kind: 'error', message: messageFor(error) };
    }
    this.changed();
    if (this.chart && this.state.kind === 'ready') this.chart.setOption(withDefaults(this.spec.option(this.state.data)), { notMerge: true });
  }

  /** lit-html calls this with the drawn state's container when it appears, and with undefined when it goes. */
  private readonly mount = (element: Element | undefined): void => {
    if (element === this.element) return;
    if (this.element) this.resizes.unobserve(this.element);
    this.chart?.dispose();
    this.chart = null;
    this.element = element ?? null;
    if (!(element instanceof HTMLElement)) return;
    // lit-html hands over the container before it is in the document; ECharts measures it, so it
    // is drawn once render() has put it there.
    queueMicrotask(() => {
      if (this.element !== element || !element.isConnected || this.state.kind !== 'ready') return;
      this.chart = drawChart(element);
      this.chart.setOption(withDefaults(this.spec.option(this.state.data)));
      this.resizes.observe(element);
    });
  };

  view(): TemplateResult {
    const { id, title } = this.spec;
    return html`<section class="card chart-card" id=${id} aria-labelledby="${id}-title" aria-busy=${this.state.kind === 'loading' ? 'true' : 'false'}>
      <h3 id="${id}-title">${title}</h3>
      ${this.range ? html`<p class="muted chart-caption">${this.spec.caption(this.range)}</p>` : nothing}
      ${this.body()}
    </section>`;
  }

  private body(): TemplateResult {
    const { id, title } = this.spec;
    const state = this.state;
    switch (state.kind) {
      case 'loading':
        return html`<p class="chart-state muted" role="status">${state.pending ? 'Still computing these figures…' : 'Loading…'}</p>`;
      case 'error':
        return html`<div class="chart-state">
          <p class="error" role="alert">Could not load ${title.toLowerCase()}: ${state.message}</p>
          <button type="button" @click=${() => this.range && void this.load(this.range)}>Try again</button>
        </div>`;
      case 'ready':
        if (this.spec.isEmpty(state.data)) return html`<p class="chart-state muted chart-empty">${this.spec.emptyText}</p>`;
        return html`<div class="chart" style="height: ${this.spec.height ?? 280}px" role="img" aria-label=${title} aria-describedby="${id}-summary" ${ref(this.mount)}></div>
          <p id="${id}-summary" class="visually-hidden chart-summary">${this.spec.summary(state.data)}</p>`;
    }
  }
}
