import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The event catalog: every `*.schema.json` here whose `source` and `detail-type` are constants
 * is an event; the others (`*-detail.schema.json`) are the details they share. Tests validate
 * every emitted event against its entry; the README's table of events is this list.
 */
const dir = dirname(fileURLToPath(import.meta.url));

interface EventSchema {
  $id: string;
  title: string;
  description?: string;
  properties: { source?: { const?: string }; 'detail-type'?: { const?: string } };
}

export interface CatalogEntry {
  source: string;
  detailType: string;
  description: string;
  file: string;
}

const schemas = readdirSync(dir)
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => ({ file, schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) as EventSchema }));

export const eventCatalog: CatalogEntry[] = schemas.flatMap(({ file, schema }) => {
  const source = schema.properties.source?.const;
  const detailType = schema.properties['detail-type']?.const;
  return source && detailType ? [{ source, detailType, description: schema.description ?? '', file }] : [];
});

let validators: Map<string, ValidateFunction> | undefined;

/** The validator of one event, by source and detail-type; undefined for an event not in the catalog. */
export function validatorFor(source: string, detailType: string): ValidateFunction | undefined {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    for (const { schema } of schemas) ajv.addSchema(schema, schema.$id.split('/').pop());
    validators = new Map(eventCatalog.map((entry) => [`${entry.source}|${entry.detailType}`, ajv.getSchema(entry.file) as ValidateFunction]));
  }
  return validators.get(`${source}|${detailType}`);
}
