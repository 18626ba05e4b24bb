// The property tests' deterministic randomness is the core's own seeded generator (mulberry32).
export { seededRandomInt as seeded } from '../../../src/core/ids';
