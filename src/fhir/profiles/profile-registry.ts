// Loads the profiles in profiles/ once and validates resources against them with medplum's
// validator, returning the OperationOutcome issues (errors and warnings) instead of throwing.
// Medplum checks an element's content against its base type, not against the profile named in
// its type (FHIR would check an extension against its definition), so each extension of ours in
// the resource is validated against its own definition too, with issue paths made absolute.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OperationOutcomeError, validateResource, validateTypedValue } from '@medplum/core';
import type {
  CodeSystem,
  Extension,
  OperationOutcomeIssue,
  Resource,
  StructureDefinition,
} from '@medplum/fhirtypes';
import { ensureR4DefinitionsIndexed } from './base-definitions.js';
import { PROFILES_DIR } from './profiles-dir.js';

export class UnknownProfileError extends Error {
  constructor(url: string) {
    super(`no profile ${url} in profiles/`);
    this.name = 'UnknownProfileError';
  }
}

export interface ProfileRegistry {
  /** Canonical URLs of every StructureDefinition loaded. */
  readonly urls: readonly string[];
  definition(url: string): StructureDefinition | undefined;
  codeSystem(url: string): CodeSystem | undefined;
  /** Issues found validating `resource` against the profile; no error issue means it conforms. */
  validate(resource: Resource, profileUrl: string): OperationOutcomeIssue[];
}

/** Reads every StructureDefinition and CodeSystem at the top level of `dir`. */
export function loadProfiles(dir: string = PROFILES_DIR): ProfileRegistry {
  const definitions = new Map<string, StructureDefinition>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const resource = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Resource;
    if (resource.resourceType === 'StructureDefinition' && resource.url) {
      definitions.set(resource.url, resource);
    } else if (resource.resourceType === 'CodeSystem' && resource.url) {
      codeSystems.set(resource.url, resource);
    }
  }
  return {
    urls: [...definitions.keys()],
    definition: (url) => definitions.get(url),
    codeSystem: (url) => codeSystems.get(url),
    validate: (resource, profileUrl) => {
      const profile = definitions.get(profileUrl);
      if (!profile) throw new UnknownProfileError(profileUrl);
      ensureR4DefinitionsIndexed();
      const issues = collectIssues(() => validateResource(resource, { profile }));
      for (const { extension, path } of extensionsOf(resource, resource.resourceType)) {
        const definition = definitions.get(extension.url);
        if (definition?.type !== 'Extension') continue;
        const found = collectIssues(() =>
          validateTypedValue({ type: 'Extension', value: extension }, { profile: definition }),
        );
        issues.push(...found.map((issue) => rebase(issue, path)));
      }
      return issues;
    },
  };
}

let defaultRegistry: ProfileRegistry | undefined;

/** The registry of the repository's profiles/ directory, loaded on first use. */
export function profileRegistry(): ProfileRegistry {
  defaultRegistry ??= loadProfiles();
  return defaultRegistry;
}

/** Validates against a profile of profiles/; see ProfileRegistry.validate. */
export function validateAgainstProfile(
  resource: Resource,
  profileUrl: string,
): OperationOutcomeIssue[] {
  return profileRegistry().validate(resource, profileUrl);
}

/** True when no issue is an error (warnings and information are allowed). */
export const conforms = (issues: readonly OperationOutcomeIssue[]): boolean =>
  !issues.some((i) => i.severity === 'error' || i.severity === 'fatal');

/** Medplum throws an OperationOutcomeError when any issue is an error, and returns warnings. */
function collectIssues(validate: () => OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  try {
    return validate();
  } catch (error) {
    if (error instanceof OperationOutcomeError) return [...error.outcome.issue];
    throw error;
  }
}

interface LocatedExtension {
  extension: Extension;
  path: string;
}

/** Every extension in a resource (not inside contained resources), with its FHIRPath location. */
function extensionsOf(value: unknown, path: string): LocatedExtension[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => extensionsOf(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const found: LocatedExtension[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'contained') continue;
    if (key === 'extension' && Array.isArray(child)) {
      child.forEach((ext: Extension, i) =>
        found.push({ extension: ext, path: `${path}.extension[${i}]` }),
      );
    }
    found.push(...extensionsOf(child, `${path}.${key}`));
  }
  return found;
}

/** Rewrites an issue found on a lone Extension ("Extension.x") to its place in the resource. */
function rebase(issue: OperationOutcomeIssue, path: string): OperationOutcomeIssue {
  const move = (p: string) => (p.startsWith('Extension') ? path + p.slice('Extension'.length) : p);
  return {
    ...issue,
    ...(issue.expression ? { expression: issue.expression.map(move) } : {}),
  };
}
