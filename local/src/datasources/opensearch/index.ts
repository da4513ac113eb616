import type { DataSourceConfig } from '../../config';
import { callEndpoint, ERROR_TYPES, HttpRequestShapeError, toOutgoingRequest } from '../http';
import type { DataSource, DataSourceOutcome } from '../types';

type OpenSearchConfig = Extract<DataSourceConfig, { type: 'AMAZON_OPENSEARCH_SERVICE' | 'AMAZON_ELASTICSEARCH' }>;

/** The operations the "JavaScript resolver function reference for OpenSearch" lists. */
const OPERATIONS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE'];

/** Why the runtime will not start: OpenSearch is a server this runtime does not contain. */
export function openSearchRefusal(config: OpenSearchConfig): string {
  return (
    `Data source ${config.name} is ${config.type}, which needs an OpenSearch server, and none is configured. ` +
    `Set its endpoint (DataSourceDefinition 'localEndpoint', e.g. http://127.0.0.1:9200, a local OpenSearch) or remove the data source from the local run.`
  );
}

/**
 * AMAZON_OPENSEARCH_SERVICE / AMAZON_ELASTICSEARCH against a configured endpoint. The resolver's
 * `{ operation, path, params: { headers, queryString, body } }` is sent as the HTTP request AppSync
 * makes to the domain (it is an HTTP data source underneath: the same core), and ctx.result is
 * the domain's JSON answer, parsed, as the reference's examples read it (ctx.result.hits.hits).
 */
export function createOpenSearchDataSource(config: OpenSearchConfig): DataSource {
  if (!config.endpoint) throw new Error(openSearchRefusal(config));
  const endpoint = config.endpoint;
  return {
    async invoke(request): Promise<DataSourceOutcome> {
      const r = (request ?? {}) as { operation?: unknown; path?: unknown; params?: { headers?: unknown; queryString?: unknown; body?: unknown } };
      if (typeof r.operation !== 'string' || !OPERATIONS.includes(r.operation)) {
        return { error: { type: ERROR_TYPES.request, message: `Unsupported operation '${String(r.operation)}'. OpenSearch data sources support ${OPERATIONS.join(', ')}.` } };
      }
      if (typeof r.path !== 'string' || !r.path.startsWith('/')) return { error: { type: ERROR_TYPES.request, message: "The request's path must be a string starting with '/'." } };
      const params = r.params ?? {};
      let outgoing;
      try {
        // HEAD is not among the HTTP data source's methods, so the shape is checked as GET and sent as HEAD.
        outgoing = toOutgoingRequest(endpoint, {
          method: r.operation === 'HEAD' ? 'GET' : r.operation,
          resourcePath: r.path,
          params: { headers: { 'Content-Type': 'application/json', ...(params.headers as object) }, query: params.queryString, body: params.body },
        });
      } catch (error) {
        if (error instanceof HttpRequestShapeError) return { error: { type: ERROR_TYPES.request, message: error.message } };
        throw error;
      }
      const answer = await callEndpoint(
        { ...outgoing, method: r.operation },
        { ...(config.timeoutMs !== undefined && { timeoutMs: config.timeoutMs }), ...(config.signing && { signing: { region: config.signing.region, service: 'es', credentials: config.signing.credentials } }) },
      );
      if ('error' in answer) return answer;
      const { statusCode, body } = answer.result;
      let parsed: unknown = body === '' ? null : body;
      try {
        if (body !== '') parsed = JSON.parse(body);
      } catch {
        // Not JSON (a plain-text error page, say): handed over as text.
      }
      if (statusCode >= 400) return { error: { type: `OpenSearch:${statusCode}`, message: typeof parsed === 'string' ? parsed : JSON.stringify(parsed) } };
      return { result: parsed };
    },
    close() {},
  };
}
