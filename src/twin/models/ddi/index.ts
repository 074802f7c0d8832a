// Public API of the static drug–drug interaction model (model card: README.md).
export * from './catalogue.js';
export * from './equations.js';
export * from './predict.js';
