import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { DEFAULT_CONFIG, parseConfig } from '../../src/core/config';
import type { Item } from '../../src/core/item';
import { applyRankPlan, longestIncreasingRun, planRankByScore } from '../../src/core/planning/rankByScore';
import { explainScore, scoringModel, scoringModelNames } from '../../src/core/planning/scoring';
import { nodeFiles } from '../../src/node/nodeFiles';

function item(id: string, fields: { points?: number; priority?: string; extra?: Record<string, unknown> } = {}): Item {
  return {
    id, title: `Title ${id}`, type: 'feature', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, body: '', hash: id,
    extra: fields.extra ?? {}, lines: {}, points: fields.points, priority: fields.priority,
  };
}

const model = (name: string, config = DEFAULT_CONFIG) => {
  const m = scoringModel(name, config);
  assert.ok(m, `model ${name}`);
  return m;
};

describe('planning: scoring', () => {
  it('WSJF divides the cost of delay by job size, falling back to points', () => {
    const wsjf = model('wsjf');
    const s = wsjf.score(item('BL-A', { extra: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 } }));
    assert.equal(s.value, 4);
    assert.equal(s.formula, '(8 + 5 + 3) / 4 = 16 / 4 = 4');
    const fromPoints = wsjf.score(item('BL-B', { points: 8, extra: { businessValue: '8', timeCriticality: 5, riskReduction: 3 } }));
    assert.equal(fromPoints.value, 2, 'numeric text counts; job size from points');
    assert.deepEqual(fromPoints.inputs[3], { field: 'jobSize', value: 8, from: 'points' });
  });

  it('gives no score, with reasons, for missing, non-numeric or zero inputs', () => {
    const wsjf = model('wsjf');
    const missing = wsjf.score(item('BL-A', { extra: { businessValue: 8, riskReduction: 'high' } }));
    assert.equal(missing.value, undefined);
    assert.deepEqual(missing.missing, ['timeCriticality', 'riskReduction (not a number)', 'jobSize (or points)']);
    const zero = wsjf.score(item('BL-B', { points: 0, extra: { businessValue: 1, timeCriticality: 1, riskReduction: 1 } }));
    assert.equal(zero.value, undefined);
    assert.match(zero.missing[0], /points \(is 0/);
  });

  it('RICE multiplies reach, impact and confidence (fraction or percent) over effort', () => {
    const rice = model('rice');
    assert.equal(rice.score(item('BL-A', { extra: { reach: 500, impact: 2, confidence: 0.8, effort: 4 } })).value, 200);
    const percent = rice.score(item('BL-B', { points: 5, extra: { reach: 100, impact: 3, confidence: 50 } }));
    assert.equal(percent.value, 30);
    assert.equal(percent.formula, '100 × 3 × 50% / 5 = 30');
  });

  it('custom weighted sums come from config.yaml, with problems at their line', () => {
    const { config, problems } = parseConfig(
      '/c.yaml',
      'scoring:\n  default: value\n  models:\n    value:\n      weights: { businessValue: 2, reach: 0.5 }\n      divideBy: points\n    broken:\n      weights: { x: lots }\n',
    );
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['config-scoring', 8]]);
    assert.equal(config.planning?.defaultScoring, 'value');
    assert.deepEqual(scoringModelNames(config), ['moscow', 'wsjf', 'rice', 'value']);
    const s = model('Value', config).score(item('BL-A', { points: 4, extra: { businessValue: 3, reach: 20 } }));
    assert.equal(s.value, 4);
    assert.equal(s.formula, '(2 × 3 + 0.5 × 20) / 4 = 16 / 4 = 4');
    assert.equal(scoringModel('nope', config), undefined);
  });

  it('MoSCoW scores follow the configured priority order', () => {
    const moscow = model('moscow');
    assert.deepEqual(['must', 'should', 'could', 'wont'].map((p) => moscow.score(item('BL-A', { priority: p })).value), [3, 2, 1, 0]);
    assert.equal(moscow.score(item('BL-A')).value, undefined);
  });

  it('explain shows inputs and arithmetic', () => {
    const text = explainScore(item('BL-A', { points: 2, extra: { businessValue: 1, timeCriticality: 2, riskReduction: 3 } }), model('wsjf'));
    assert.match(text, /jobSize = 2 \(from points\)/);
    assert.match(text, /score: \(1 \+ 2 \+ 3\) \/ 2 = 6 \/ 2 = 3/);
  });
});

describe('planning: rank by score', () => {
  it('finds a longest increasing run', () => {
    assert.equal(longestIncreasingRun([1, 3, 2, 0, 4]).size, 3);
    assert.equal(longestIncreasingRun([4, 3, 2, 1]).size, 1);
    assert.equal(longestIncreasingRun([]).size, 0);
    // Brute force on small random permutations: the run really is increasing and longest.
    for (let n = 1; n <= 7; n++) {
      const values = Array.from({ length: n }, () => Math.floor(Math.random() * 100));
      const run = [...longestIncreasingRun(values)].sort((a, b) => a - b);
      for (let i = 1; i < run.length; i++) assert.ok(values[run[i - 1]] < values[run[i]]);
      let best = 0;
      for (let mask = 1; mask < 1 << n; mask++) {
        const picked = values.filter((_, i) => mask & (1 << i));
        if (picked.every((v, i) => i === 0 || picked[i - 1] < v)) best = Math.max(best, picked.length);
      }
      assert.equal(run.length, best, `values ${values.join(',')}`);
    }
  });

  it('plans the fewest moves and puts unscored items last in their order', () => {
    const items = [
      item('BL-A', { points: 1, extra: { businessValue: 1, timeCriticality: 0, riskReduction: 0 } }), // 1
      item('BL-B', { points: 1, extra: { businessValue: 5, timeCriticality: 0, riskReduction: 0 } }), // 5
      item('BL-U'), // unscored
      item('BL-C', { points: 1, extra: { businessValue: 3, timeCriticality: 0, riskReduction: 0 } }), // 3
      item('BL-D', { points: 1, extra: { businessValue: 4, timeCriticality: 0, riskReduction: 0 } }), // 4
    ];
    const plan = planRankByScore(items, model('wsjf'));
    assert.deepEqual(plan.order.map((o) => o.item.id), ['BL-B', 'BL-D', 'BL-C', 'BL-A', 'BL-U']);
    // Current positions in target order: [1, 4, 3, 0, 2]; a longest increasing run has 2
    // elements, so 3 moves.
    assert.equal(plan.moves.length, 3);
  });

  it('applies through the store, writing only the moved items', async () => {
    let t = Date.parse('2026-11-02T09:00:00Z');
    const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'rank-')), nodeFiles, { now: () => new Date((t += 1000)), cache: false, recordHistory: false });
    await backlog.load();
    await backlog.init();
    const values = [2, 9, 4, 7, 1, 8];
    const ids: string[] = [];
    for (const v of values) ids.push((await backlog.create({ title: `v${v}`, points: 1 })).id);
    for (const [i, v] of values.entries()) await backlog.update(ids[i], { businessValue: v, timeCriticality: 0, riskReduction: 0 });
    const before = new Map(ids.map((id) => [id, readFileSync(backlog.snapshot.byId.get(id)!.file, 'utf8')]));
    const plan = planRankByScore(backlog.snapshot.items, model('wsjf'));
    await applyRankPlan(backlog, plan);
    assert.deepEqual(backlog.snapshot.items.map((i) => i.title), ['v9', 'v8', 'v7', 'v4', 'v2', 'v1']);
    const changed = ids.filter((id) => readFileSync(backlog.snapshot.byId.get(id)!.file, 'utf8') !== before.get(id));
    assert.deepEqual(new Set(changed), new Set(plan.moves.map((m) => m.id)));
    assert.ok(plan.moves.length < ids.length, `${plan.moves.length} moves for ${ids.length} items`);
    assert.equal(planRankByScore(backlog.snapshot.items, model('wsjf')).moves.length, 0, 'ranking again moves nothing');
  });
});
