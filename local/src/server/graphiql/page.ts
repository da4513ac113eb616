import { APPSYNC_FETCHER_GLOBAL, APPSYNC_FETCHER_PATH } from './fetcher-script';

/**
 * The GraphiQL page the runtime serves at /graphiql: GraphiQL's UMD build and React, straight from
 * node_modules, so it works with no network. Queries and mutations go over HTTP; subscriptions run
 * over AppSync's real-time protocol (./appsync-fetcher.ts), so events show up live in the result
 * pane. `?query=` preloads the editor, so a link can open the explorer on a ready operation.
 */
export function graphiqlPage(options: { apiName: string; defaultHeaders: Record<string, string> }): string {
  const headers = JSON.stringify(JSON.stringify(options.defaultHeaders, null, 2));
  const title = options.apiName.replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · GraphiQL</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/assets/react.js"></script>
<script src="/graphiql/assets/react-dom.js"></script>
<script src="/graphiql/assets/graphiql.js"></script>
<script src="${APPSYNC_FETCHER_PATH}"></script>
<script>
  const url = new URL('/graphql', location.href).toString();
  const fetcher = ${APPSYNC_FETCHER_GLOBAL}.appSyncFetcher(GraphiQL.createFetcher({ url }), url);
  const query = new URLSearchParams(location.search).get('query') ?? undefined;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, query, defaultHeaders: ${headers}, shouldPersistHeaders: true, defaultEditorToolsVisibility: 'headers' }),
  );
</script>
</body>
</html>`;
}

/**
 * The files the page loads, by URL path: a package and a file inside it. The packages' `exports`
 * maps do not expose these files, so they are found beside each package's package.json.
 */
export const GRAPHIQL_ASSETS: Record<string, { package: string; file: string; type: string }> = {
  '/graphiql/assets/graphiql.css': { package: 'graphiql', file: 'dist/style.css', type: 'text/css; charset=utf-8' },
  '/graphiql/assets/graphiql.js': { package: 'graphiql', file: 'dist/index.umd.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/react.js': { package: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/react-dom.js': { package: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
};
