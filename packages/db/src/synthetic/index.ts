export { seedSyntheticData, readSyntheticSeed, listSyntheticCoordinators } from "./generate.js";
export { checkRollupConsistency, type RollupCheck } from "./rollup-check.js";
export { SYNTHETIC_SCALES, type SyntheticOptions, type SyntheticScaleName, type SyntheticSummary } from "./options.js";
