// Discovery entries live as data in ../cds-hooks/services/*.json; this reads them.
import { readFileSync } from 'node:fs';
import type { ServiceDefinition } from './types.js';

export const SERVICE_DEFINITIONS_DIR = new URL('../../cds-hooks/services/', import.meta.url)
  .pathname;

export function readServiceDefinition(
  id: string,
  dir = SERVICE_DEFINITIONS_DIR,
): ServiceDefinition {
  const definition = JSON.parse(readFileSync(`${dir}${id}.json`, 'utf8')) as ServiceDefinition;
  if (definition.id !== id)
    throw new Error(`cds-hooks/services/${id}.json declares id ${definition.id}`);
  return definition;
}
