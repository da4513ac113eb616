/** What a data source answers for one request a resolver returned. */
export type DataSourceOutcome =
  | { result: unknown }
  | { error: { message: string; type: string; data?: unknown } };

export interface DataSource {
  invoke(request: unknown): Promise<DataSourceOutcome>;
  close(): Promise<void> | void;
}
