import type { BacklogConfig } from '../config';
import type { Item } from '../item';
import { BUILT_IN_SCORING, DEFAULT_PLANNING, type CustomScoringModel } from './planningConfig';

// Scores are computed from inputs in each item's front matter every time they are needed and
// never written back: a stored score goes stale the moment someone edits an input, and two
// branches would conflict on it.

/** Front-matter keys each built-in model reads. Job size and effort fall back to `points`. */
export const WSJF_FIELDS = { value: 'businessValue', time: 'timeCriticality', risk: 'riskReduction', size: 'jobSize' } as const;
export const RICE_FIELDS = { reach: 'reach', impact: 'impact', confidence: 'confidence', effort: 'effort' } as const;

/** One number that went into a score, and where it came from. */
export interface ScoreInput {
  readonly field: string;
  readonly value: number;
  /** Set when the value was taken from another field (job size from `points`). */
  readonly from?: string;
}

/** An item's score under one model, with the arithmetic that produced it. */
export interface ItemScore {
  readonly id: string;
  readonly model: string;
  /** Undefined when an input is missing or unusable; see `missing`. */
  readonly value: number | undefined;
  readonly inputs: readonly ScoreInput[];
  /** Why there is no score: absent or non-numeric inputs, a zero divisor. */
  readonly missing: readonly string[];
  /** The arithmetic, e.g. `(8 + 5 + 3) / 4 = 4`. */
  readonly formula: string;
}

/** A way to score items: MoSCoW, WSJF, RICE or a weighted sum declared in config.yaml. */
export interface ScoringModel {
  readonly name: string;
  /** One line saying what the model computes, for help and explain output. */
  readonly description: string;
  score(item: Item): ItemScore;
}

/** Names `rank --by` accepts for this config. */
export function scoringModelNames(config: BacklogConfig): string[] {
  return [...BUILT_IN_SCORING, ...(config.planning ?? DEFAULT_PLANNING).models.map((m) => m.name)];
}

/** The model called `name` (case-insensitive), or undefined. */
export function scoringModel(name: string, config: BacklogConfig): ScoringModel | undefined {
  const folded = name.toLowerCase();
  if (folded === 'moscow') return moscowModel(config.priorities);
  if (folded === 'wsjf') return wsjfModel;
  if (folded === 'rice') return riceModel;
  const custom = (config.planning ?? DEFAULT_PLANNING).models.find((m) => m.name.toLowerCase() === folded);
  return custom ? customModel(custom) : undefined;
}

/** A numeric front-matter value: numbers, or text that is a plain number (`set` writes text). */
export function numericField(item: Item, field: string): number | undefined | 'invalid' {
  const raw = field === 'points' ? item.points : item.extra[field];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'invalid';
  if (typeof raw === 'string' && /^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(raw)) return Number(raw);
  return 'invalid';
}

function moscowModel(priorities: readonly string[]): ScoringModel {
  return {
    name: 'moscow',
    description: `MoSCoW priority: ${priorities.map((p, i) => `${p} = ${priorities.length - 1 - i}`).join(', ')}; no priority is unscored`,
    score(item) {
      const index = item.priority === undefined ? -1 : priorities.indexOf(item.priority);
      if (index === -1) {
        const why = item.priority === undefined ? 'priority (none set)' : `priority "${item.priority}" (not in config.yaml)`;
        return { id: item.id, model: 'moscow', value: undefined, inputs: [], missing: [why], formula: `no score: ${why}` };
      }
      const value = priorities.length - 1 - index;
      return { id: item.id, model: 'moscow', value, inputs: [], missing: [], formula: `priority ${item.priority} = ${value}` };
    },
  };
}

/** Reads the named inputs; `fallbacks` maps a field to the one used when it is absent. */
function readInputs(item: Item, fields: readonly string[], fallbacks: Readonly<Record<string, string>> = {}) {
  const inputs: ScoreInput[] = [];
  const missing: string[] = [];
  const values: number[] = [];
  for (const field of fields) {
    let value = numericField(item, field);
    let from: string | undefined;
    if (value === undefined && fallbacks[field]) {
      value = numericField(item, fallbacks[field]);
      from = fallbacks[field];
    }
    if (value === undefined) missing.push(fallbacks[field] ? `${field} (or ${fallbacks[field]})` : field);
    else if (value === 'invalid') missing.push(`${from ?? field} (not a number)`);
    else {
      inputs.push(from ? { field, value, from } : { field, value });
      values.push(value);
    }
  }
  return { inputs, missing, values };
}

function noScore(item: Item, model: string, inputs: readonly ScoreInput[], missing: readonly string[]): ItemScore {
  return { id: item.id, model, value: undefined, inputs, missing, formula: `no score: missing ${missing.join(', ')}` };
}

const wsjfModel: ScoringModel = {
  name: 'wsjf',
  description: `WSJF = (${WSJF_FIELDS.value} + ${WSJF_FIELDS.time} + ${WSJF_FIELDS.risk}) / ${WSJF_FIELDS.size} (or points)`,
  score(item) {
    const { inputs, missing, values } = readInputs(item, [WSJF_FIELDS.value, WSJF_FIELDS.time, WSJF_FIELDS.risk, WSJF_FIELDS.size], { [WSJF_FIELDS.size]: 'points' });
    if (missing.length > 0) return noScore(item, 'wsjf', inputs, missing);
    const [v, t, r, size] = values;
    if (size === 0) return noScore(item, 'wsjf', inputs, [`${inputs[3].from ?? WSJF_FIELDS.size} (is 0; cannot divide by it)`]);
    const costOfDelay = v + t + r;
    const value = costOfDelay / size;
    return { id: item.id, model: 'wsjf', value, inputs, missing: [], formula: `(${fmt(v)} + ${fmt(t)} + ${fmt(r)}) / ${fmt(size)} = ${fmt(costOfDelay)} / ${fmt(size)} = ${fmt(value)}` };
  },
};

const riceModel: ScoringModel = {
  name: 'rice',
  description: `RICE = ${RICE_FIELDS.reach} × ${RICE_FIELDS.impact} × ${RICE_FIELDS.confidence} / ${RICE_FIELDS.effort} (or points); confidence above 1 is a percentage`,
  score(item) {
    const { inputs, missing, values } = readInputs(item, [RICE_FIELDS.reach, RICE_FIELDS.impact, RICE_FIELDS.confidence, RICE_FIELDS.effort], { [RICE_FIELDS.effort]: 'points' });
    if (missing.length > 0) return noScore(item, 'rice', inputs, missing);
    const [reach, impact, rawConfidence, effort] = values;
    if (effort === 0) return noScore(item, 'rice', inputs, [`${inputs[3].from ?? RICE_FIELDS.effort} (is 0; cannot divide by it)`]);
    // Teams write confidence as 0.8 or as 80 (%); both mean the same.
    const confidence = rawConfidence > 1 ? rawConfidence / 100 : rawConfidence;
    const value = (reach * impact * confidence) / effort;
    const shown = rawConfidence > 1 ? `${fmt(rawConfidence)}%` : fmt(confidence);
    return { id: item.id, model: 'rice', value, inputs, missing: [], formula: `${fmt(reach)} × ${fmt(impact)} × ${shown} / ${fmt(effort)} = ${fmt(value)}` };
  },
};

function customModel(model: CustomScoringModel): ScoringModel {
  const fields = Object.keys(model.weights);
  const terms = fields.map((f) => `${fmt(model.weights[f])} × ${f}`).join(' + ');
  return {
    name: model.name,
    description: model.divideBy ? `(${terms}) / ${model.divideBy}` : terms,
    score(item) {
      const { inputs, missing, values } = readInputs(item, model.divideBy ? [...fields, model.divideBy] : fields);
      if (missing.length > 0) return noScore(item, model.name, inputs, missing);
      let sum = 0;
      const parts: string[] = [];
      fields.forEach((f, i) => {
        sum += model.weights[f] * values[i];
        parts.push(`${fmt(model.weights[f])} × ${fmt(values[i])}`);
      });
      let formula = `${parts.join(' + ')} = ${fmt(sum)}`;
      let value = sum;
      if (model.divideBy) {
        const divisor = values[values.length - 1];
        if (divisor === 0) return noScore(item, model.name, inputs, [`${model.divideBy} (is 0; cannot divide by it)`]);
        value = sum / divisor;
        formula = `(${parts.join(' + ')}) / ${fmt(divisor)} = ${fmt(sum)} / ${fmt(divisor)} = ${fmt(value)}`;
      }
      return { id: item.id, model: model.name, value, inputs, missing: [], formula };
    },
  };
}

/** A number as people write it: at most two decimals, no trailing zeros. */
export function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** A multi-line explanation of how `item` got its score under `model`. */
export function explainScore(item: Item, model: ScoringModel): string {
  const s = model.score(item);
  const lines = [`${item.id} ${item.title}`, `model: ${model.name} — ${model.description}`];
  for (const input of s.inputs) lines.push(`  ${input.field} = ${fmt(input.value)}${input.from ? ` (from ${input.from})` : ''}`);
  lines.push(s.value === undefined ? `score: none — missing ${s.missing.join(', ')}` : `score: ${s.formula}`);
  return lines.join('\n');
}
