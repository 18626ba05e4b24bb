import { isMap, type Node, type YAMLMap } from 'yaml';
import { valueText } from '../valueText';

/** A scoring model declared in config.yaml: a weighted sum of item fields, optionally divided by one. */
export interface CustomScoringModel {
  readonly name: string;
  /** Front-matter key → weight. */
  readonly weights: Readonly<Record<string, number>>;
  /** Front-matter key the sum is divided by (e.g. `points` for value per point). */
  readonly divideBy?: string;
}

/** The `scoring:` and `grooming:` sections of config.yaml, defaults filled in. */
export interface PlanningConfig {
  /** The model `rank` uses without `--by`: moscow, wsjf, rice or a custom model's name. */
  readonly defaultScoring: string;
  readonly models: readonly CustomScoringModel[];
  /** Open items not updated for this many days are stale. */
  readonly staleDays: number;
  /** Done items not updated for this many days are offered for the archive. */
  readonly archiveDoneAfterDays: number;
  /** Title similarity (0–1, token Jaccard) from which two items are likely duplicates. */
  readonly duplicateSimilarity: number;
}

export const BUILT_IN_SCORING = ['moscow', 'wsjf', 'rice'] as const;

export const DEFAULT_PLANNING: PlanningConfig = {
  defaultScoring: 'moscow',
  models: [],
  staleDays: 30,
  archiveDoneAfterDays: 14,
  duplicateSimilarity: 0.6,
};

type Report = (node: Node | null | undefined, code: string, message: string, severity?: 'error' | 'warning') => void;

const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Reads `scoring:` and `grooming:` from the config's root mapping. Like the rest of the config,
 * anything unusable is reported at its line and replaced by the default.
 *
 * ```yaml
 * scoring:
 *   default: wsjf            # moscow (default), wsjf, rice or a model below
 *   models:
 *     value-per-point:       # a custom weighted sum of front-matter fields
 *       weights: { businessValue: 2, reach: 1 }
 *       divideBy: points     # optional
 * grooming:
 *   staleDays: 30
 *   archiveDoneAfterDays: 14
 *   duplicateSimilarity: 0.6
 * ```
 */
export function parsePlanningConfig(root: YAMLMap, report: Report): PlanningConfig {
  const models: CustomScoringModel[] = [];
  let defaultScoring = DEFAULT_PLANNING.defaultScoring;
  const scoring = root.get('scoring', true) as Node | undefined;
  if (scoring !== undefined && scoring !== null) {
    if (!isMap(scoring)) report(scoring, 'config-scoring', 'scoring must be a mapping with "default" and/or "models"');
    else {
      const modelsNode = scoring.get('models', true) as Node | undefined;
      if (modelsNode !== undefined && modelsNode !== null) {
        if (!isMap(modelsNode)) report(modelsNode, 'config-scoring', 'scoring.models must map model names to { weights, divideBy }');
        else {
          for (const pair of modelsNode.items) {
            const name = valueText((pair.key as { value?: unknown } | null)?.value);
            const node = pair.value as Node | null;
            const model = toModel(name, node?.toJSON() as unknown);
            if (typeof model === 'string') report(node ?? (pair.key as Node), 'config-scoring', model);
            else models.push(model);
          }
        }
      }
      const defNode = scoring.get('default', true) as Node | undefined;
      if (defNode !== undefined && defNode !== null) {
        const v = defNode.toJSON() as unknown;
        const known = [...BUILT_IN_SCORING, ...models.map((m) => m.name)];
        if (typeof v === 'string' && known.includes(v)) defaultScoring = v;
        else report(defNode, 'config-scoring', `scoring.default must be one of: ${known.join(', ')}`);
      }
    }
  }

  let { staleDays, archiveDoneAfterDays, duplicateSimilarity } = DEFAULT_PLANNING;
  const grooming = root.get('grooming', true) as Node | undefined;
  if (grooming !== undefined && grooming !== null) {
    if (!isMap(grooming)) report(grooming, 'config-grooming', 'grooming must be a mapping (staleDays, archiveDoneAfterDays, duplicateSimilarity)');
    else {
      const num = (key: string, fallback: number, ok: (n: number) => boolean, rule: string): number => {
        const node = grooming.get(key, true) as Node | undefined;
        if (node === undefined || node === null) return fallback;
        const v = node.toJSON() as unknown;
        if (typeof v === 'number' && ok(v)) return v;
        report(node, 'config-grooming', `grooming.${key} must be ${rule}`);
        return fallback;
      };
      const days = (n: number) => Number.isInteger(n) && n > 0;
      staleDays = num('staleDays', staleDays, days, 'a whole number of days, at least 1');
      archiveDoneAfterDays = num('archiveDoneAfterDays', archiveDoneAfterDays, days, 'a whole number of days, at least 1');
      duplicateSimilarity = num('duplicateSimilarity', duplicateSimilarity, (n) => n > 0 && n <= 1, 'a number above 0 and at most 1');
    }
  }
  return { defaultScoring, models, staleDays, archiveDoneAfterDays, duplicateSimilarity };
}

function toModel(name: string, value: unknown): CustomScoringModel | string {
  if (!FIELD_KEY.test(name)) return `Scoring model name "${name}" must be a simple word (letters, digits, "-", "_")`;
  if ((BUILT_IN_SCORING as readonly string[]).includes(name)) return `"${name}" is built in; give the custom model another name`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `Scoring model "${name}" must be a mapping with "weights" (field: weight) and optional "divideBy"`;
  const v = value as Record<string, unknown>;
  const weights = v.weights;
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights) || Object.keys(weights).length === 0) {
    return `Scoring model "${name}" needs "weights", e.g. { businessValue: 2, reach: 1 }`;
  }
  const checked: Record<string, number> = {};
  for (const [field, weight] of Object.entries(weights as Record<string, unknown>)) {
    if (!FIELD_KEY.test(field)) return `Scoring model "${name}": "${field}" is not a front-matter key`;
    if (typeof weight !== 'number' || !Number.isFinite(weight)) return `Scoring model "${name}": the weight of "${field}" must be a number`;
    checked[field] = weight;
  }
  if (v.divideBy !== undefined && v.divideBy !== null && (typeof v.divideBy !== 'string' || !FIELD_KEY.test(v.divideBy))) {
    return `Scoring model "${name}": divideBy must be a front-matter key such as points`;
  }
  return typeof v.divideBy === 'string' ? { name, weights: checked, divideBy: v.divideBy } : { name, weights: checked };
}
