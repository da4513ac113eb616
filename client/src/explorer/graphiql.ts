import { generateClient } from 'aws-amplify/api';
import type { AuthMode } from '../shared/api';

/**
 * GraphiQL inside the explorer page, so that every request it sends goes through aws-amplify:
 * with a user's identity, Amplify reads the access token from its own store for each request and
 * refreshes it when it is near expiry; the explorer keeps only the chosen mode, never a copy of a
 * token (a copy in GraphiQL's header editor went stale within the hour and was lost on reload).
 * Subscriptions use Amplify's AppSync real-time client, the one the apps use.
 *
 * GraphiQL, React and ReactDOM are the UMD builds the runtime already serves for its own /graphiql
 * page (from node_modules, no network), loaded on demand: the explorer is a local tool, and the
 * apps' bundle stays free of React. The narrow shapes below are the parts of them this page uses.
 */
const ASSETS = {
  css: '/graphiql/assets/graphiql.css',
  scripts: ['/graphiql/assets/react.js', '/graphiql/assets/react-dom.js', '/graphiql/assets/graphiql.js'],
};

interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

interface Observer {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

interface Subscribable {
  subscribe(observer: Observer): { unsubscribe(): void };
}

type Fetcher = (params: FetcherParams, options?: { headers?: Record<string, unknown> }) => Promise<unknown> | Subscribable;

interface GraphiqlStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear(): void;
  length: number;
}

interface GraphiqlGlobals {
  React: { createElement(component: unknown, props: Record<string, unknown>): unknown };
  ReactDOM: { createRoot(element: HTMLElement): { render(node: unknown): void; unmount(): void } };
  GraphiQL: unknown;
}

interface AmplifyGraphql {
  graphql(options: { query: string; variables: Record<string, unknown>; authMode: AuthMode }, headers?: Record<string, string>): Promise<unknown> | Subscribable;
}

let loading: Promise<GraphiqlGlobals> | null = null;

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src, async: false });
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`GraphiQL could not be loaded (${src}). The explorer needs the local runtime (npm start).`));
    document.head.append(script);
  });
}

/**
 * GraphiQL's light theme draws some syntax colours below WCAG AA's 4.5:1 on white (axe-core's
 * color-contrast: keys, strings, definitions, links); the same hues, darker, pass.
 */
const CONTRAST = `#graphiql .graphiql-container {
  --color-primary: 320, 95%, 33%; --color-secondary: 242, 51%, 48%; --color-tertiary: 188, 100%, 24%;
  --color-info: 208, 100%, 33%; --color-success: 158, 60%, 26%; --color-warning: 36, 100%, 27%; --color-error: 13, 93%, 38%;
}
#graphiql .graphiql-logo-link { color: hsl(var(--color-neutral)); }`;

/**
 * CodeMirror's hidden textareas are the editors' inputs and carry no name; each gets its pane's.
 * Its scroll areas are taken out of the tab order (tabindex -1), so a long response could not be
 * scrolled from the keyboard (axe-core's scrollable-region-focusable); they are put back in.
 */
function labelEditors(host: HTMLElement): void {
  const label = (textarea: HTMLTextAreaElement): string | null => {
    if (textarea.closest('.graphiql-query-editor')) return 'Operation editor';
    if (textarea.closest('.graphiql-response')) return 'Response';
    const tool = textarea.closest('.graphiql-editor-tool > .graphiql-editor');
    if (tool) return tool.previousElementSibling ? 'Headers editor' : 'Variables editor';
    return null;
  };
  const apply = (): void => {
    for (const textarea of host.querySelectorAll<HTMLTextAreaElement>('textarea:not([aria-label])')) {
      const name = label(textarea);
      if (name) textarea.setAttribute('aria-label', name);
    }
    for (const scroller of host.querySelectorAll('.CodeMirror-scroll[tabindex="-1"]')) scroller.setAttribute('tabindex', '0');
  };
  apply();
  new MutationObserver(apply).observe(host, { childList: true, subtree: true });
}

function loadGraphiql(): Promise<GraphiqlGlobals> {
  loading ??= (async () => {
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: ASSETS.css }));
    document.head.append(Object.assign(document.createElement('style'), { textContent: CONTRAST }));
    for (const src of ASSETS.scripts) await loadScript(src);
    return window as unknown as GraphiqlGlobals;
  })();
  return loading;
}

/** The header editor may add headers; the auth ones belong to the chosen mode, so they are dropped. */
function extraHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string' && !['authorization', 'x-api-key', 'host'].includes(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/** Amplify rejects with the GraphQL result when it carries errors; GraphiQL shows that result as it is. */
function asResult(thrown: unknown): unknown {
  if (thrown && typeof thrown === 'object' && 'errors' in thrown) return thrown;
  return { errors: [{ message: thrown instanceof Error ? thrown.message : String(thrown) }] };
}

function fetcherFor(authMode: AuthMode): Fetcher {
  const client = generateClient() as unknown as AmplifyGraphql;
  return (params, options) => {
    const request = { query: params.query, variables: params.variables ?? {}, authMode };
    const result = client.graphql(request, extraHeaders(options?.headers));
    // Amplify tells the operations apart itself: a promise for queries and mutations, an observable for subscriptions.
    if ('then' in result) return result.catch(asResult);
    return {
      subscribe: (observer) => (result as Subscribable).subscribe({ next: (value) => observer.next(value), error: (error) => observer.next(asResult(error)), complete: () => observer.complete() }),
    };
  };
}

/** GraphiQL's own keys (tabs, query history) under a prefix of the explorer's, apart from the runtime's /graphiql page. */
function prefixedStorage(prefix: string): GraphiqlStorage {
  return {
    getItem: (key) => localStorage.getItem(prefix + key),
    setItem: (key, value) => localStorage.setItem(prefix + key, value),
    removeItem: (key) => localStorage.removeItem(prefix + key),
    clear: () => Object.keys(localStorage).filter((key) => key.startsWith(prefix)).forEach((key) => localStorage.removeItem(key)),
    get length() {
      return Object.keys(localStorage).filter((key) => key.startsWith(prefix)).length;
    },
  };
}

export interface MountedGraphiql {
  unmount(): void;
}

/** Renders GraphiQL into `element`, sending every request with `authMode` through Amplify. */
export async function mountGraphiql(element: HTMLElement, authMode: AuthMode, defaultQuery: string): Promise<MountedGraphiql> {
  const { React, ReactDOM, GraphiQL } = await loadGraphiql();
  const root = ReactDOM.createRoot(element);
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcherFor(authMode),
      defaultQuery,
      storage: prefixedStorage(`brewline-explorer:${authMode}:`),
      // Never written to storage: the auth headers come from the mode, fresh for each request.
      shouldPersistHeaders: false,
      // The contrast fix above is for the light theme; a dark-mode browser would get the other one.
      forcedTheme: 'light',
    }),
  );
  labelEditors(element);
  return { unmount: () => root.unmount() };
}
