/**
 * The GraphiQL page the runtime serves at /graphiql: GraphiQL's UMD build and React, straight from
 * node_modules, so it works with no network. The richer explorer (sign-in, subscriptions) is the
 * client's; this one is for poking at the API with a header editor.
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
<script>
  const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultHeaders: ${headers}, shouldPersistHeaders: true, defaultEditorToolsVisibility: 'headers' }),
  );
</script>
</body>
</html>`;
}

/** The files the page loads, by URL path. */
export const GRAPHIQL_ASSETS: Record<string, { module: string; type: string }> = {
  '/graphiql/assets/graphiql.css': { module: 'graphiql/dist/style.css', type: 'text/css; charset=utf-8' },
  '/graphiql/assets/graphiql.js': { module: 'graphiql/dist/index.umd.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/react.js': { module: 'react/umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/react-dom.js': { module: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
};
