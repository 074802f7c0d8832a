// Flattens prefetch values (resources and searchset Bundles, possibly transaction bundles with
// urn:uuid fullUrls) into one list of resources, each once.
import type { Resource } from '@medplum/fhirtypes';

export function resourcesOf(values: Iterable<Resource | null>): Resource[] {
  const out: Resource[] = [];
  for (const value of values) {
    if (!isResource(value)) continue;
    if (value.resourceType !== 'Bundle') {
      out.push(value);
      continue;
    }
    const entries: unknown[] = Array.isArray(value.entry) ? value.entry : [];
    for (const raw of entries) {
      // Untrusted input: an entry that is not an object holding a resource is skipped.
      if (!isObject(raw) || !isResource(raw.resource)) continue;
      const entry = raw as { fullUrl?: unknown; resource: Resource };
      const resource = entry.resource;
      if (resource.resourceType === 'OperationOutcome') continue;
      // A transaction bundle may identify a resource only by its urn:uuid fullUrl.
      const uuid =
        typeof entry.fullUrl === 'string' && entry.fullUrl.startsWith('urn:uuid:')
          ? entry.fullUrl.slice(9)
          : undefined;
      out.push(resource.id || !uuid ? resource : { ...resource, id: uuid });
    }
  }
  return dedupe(out);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isResource = (v: unknown): v is Resource =>
  isObject(v) &&
  typeof v.resourceType === 'string' &&
  (v.id === undefined || typeof v.id === 'string');

function dedupe(resources: Resource[]): Resource[] {
  const seen = new Set<string>();
  return resources.filter((r) => {
    if (!r.id) return true;
    const key = `${r.resourceType}/${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Does a reference point at this patient? `Patient/id`, `urn:uuid:id`, or an absolute URL. */
export function refersTo(reference: string | undefined, patientId: string): boolean {
  if (reference === undefined) return true; // no subject: it came from this patient's search
  return (
    reference === `Patient/${patientId}` ||
    reference === `urn:uuid:${patientId}` ||
    reference.endsWith(`/Patient/${patientId}`)
  );
}

export const refOf = (r: Resource): string => `${r.resourceType}/${r.id ?? '?'}`;

export const subjectOf = (r: Resource): string | undefined => {
  const x = r as { subject?: { reference?: string }; patient?: { reference?: string } };
  return (x.subject ?? x.patient)?.reference;
};
