import { BacklogError } from '../../core/backlog';
import { matchesQuery } from '../../core/query';
import { DEFAULT_PLANNING } from '../../core/planning/planningConfig';
import { applyRankPlan, planRankByScore } from '../../core/planning/rankByScore';
import { explainScore, fmt, scoringModel, scoringModelNames } from '../../core/planning/scoring';
import { flag, queryOption, stringOption, type CliCommand } from '../command';
import { findItem, requireBacklog } from '../shared';

export const rankCommand: CliCommand = {
  name: 'rank',
  usage:
    'rank [--by moscow|wsjf|rice|MODEL] [--query Q] [--dry-run]\n' +
    '                                         re-rank open items (or Q) by score, moving as few as possible\n' +
    'rank --explain ID [--by MODEL]         show how an item\'s score is made',
  options: {
    by: { type: 'string' },
    query: { type: 'string' },
    'dry-run': { type: 'boolean' },
    explain: { type: 'string' },
  },
  async run(ctx) {
    const { snapshot } = ctx;
    requireBacklog(snapshot);
    const name = stringOption(ctx, 'by') ?? (snapshot.config.planning ?? DEFAULT_PLANNING).defaultScoring;
    const model = scoringModel(name, snapshot.config);
    if (!model) throw new BacklogError(`No scoring model "${name}"; known: ${scoringModelNames(snapshot.config).join(', ')} (custom models go under scoring.models in config.yaml)`, 'invalid-value');

    const explain = stringOption(ctx, 'explain');
    if (explain !== undefined) {
      const item = findItem(snapshot, explain);
      if (ctx.json) ctx.printJson({ ...model.score(item), description: model.description });
      else ctx.out(explainScore(item, model));
      return 0;
    }

    const query = queryOption(ctx, 'is:open');
    const scope = snapshot.items.filter((i) => matchesQuery(i, query, snapshot));
    const plan = planRankByScore(scope, model);
    const dryRun = flag(ctx, 'dry-run');
    if (!dryRun) await applyRankPlan(ctx.backlog, plan);
    const moved = new Set(plan.moves.map((m) => m.id));
    if (ctx.json) {
      ctx.printJson({
        model: model.name,
        applied: !dryRun,
        order: plan.order.map((o, to) => ({ id: o.item.id, title: o.item.title, score: o.score.value ?? null, formula: o.score.formula, from: scope.indexOf(o.item), to, moved: moved.has(o.item.id) })),
        moves: plan.moves,
      });
      return 0;
    }
    ctx.out(`Rank by ${model.name} — ${model.description}`);
    plan.order.forEach((o, to) => {
      const from = scope.indexOf(o.item);
      const arrow = !moved.has(o.item.id) ? '     ' : from > to ? `↑${String(from - to).padEnd(4)}` : `↓${String(to - from).padEnd(4)}`;
      const score = o.score.value === undefined ? '—' : fmt(o.score.value);
      ctx.out(`${String(to + 1).padStart(4)}  ${arrow} ${o.item.id.padEnd(10)} ${score.padStart(8)}  ${o.item.title}`);
    });
    const unscored = plan.order.filter((o) => o.score.value === undefined);
    if (unscored.length > 0) {
      const missing = new Map<string, number>();
      for (const o of unscored) for (const m of o.score.missing) missing.set(m, (missing.get(m) ?? 0) + 1);
      ctx.out(`${unscored.length} item${unscored.length > 1 ? 's have' : ' has'} no score and keep their order at the end (missing: ${[...missing].map(([m, n]) => `${m} ×${n}`).join(', ')})`);
    }
    ctx.out(dryRun ? `Dry run: ${plan.moves.length} item${plan.moves.length === 1 ? '' : 's'} would move; nothing written.` : `Moved ${plan.moves.length} item${plan.moves.length === 1 ? '' : 's'}.`);
    return 0;
  },
};
