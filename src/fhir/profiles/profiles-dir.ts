// Where the profiles live: the repository's top-level profiles/ directory.
import { fileURLToPath } from 'node:url';

export const PROFILES_DIR = fileURLToPath(new URL('../../../profiles/', import.meta.url));
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../profiles/examples/', import.meta.url));
