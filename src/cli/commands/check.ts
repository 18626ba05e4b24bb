import { relative } from 'node:path';
import { formatProblem } from '../../core/problem';
import { flag, type CliCommand } from '../command';
import { requireBacklog } from '../shared';

export const checkCommand: CliCommand = {
  name: 'check',
  usage:
    'check [--fix]                          report problems as file:line:col; exit 1 on errors;\n' +
    '                                         --fix gives duplicate ids fresh ones and finishes\n' +
    '                                         interrupted archives',
  options: { fix: { type: 'boolean' } },
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const { root, backlog } = ctx;
    const fix = flag(ctx, 'fix');
    const finished = fix ? await backlog.finishInterruptedArchives() : [];
    const repaired = fix ? await backlog.repairDuplicateIds() : [];
    const s = fix ? backlog.snapshot : ctx.snapshot;
    const errors = s.problems.filter((p) => p.severity === 'error');
    if (ctx.json) {
      ctx.printJson({
        problems: s.problems.map((p) => ({ ...p, file: relative(root, p.file) })),
        archived: finished,
        repaired: repaired.map((r) => ({ file: relative(root, r.item.file), oldId: r.item.id, newId: r.newId, newFile: relative(root, r.newFile) })),
      });
    } else {
      for (const id of finished) ctx.out(`repaired: ${id} was in both items/ and archive/ (an interrupted archive); the archive now holds it alone`);
      for (const r of repaired) ctx.out(`repaired: ${relative(root, r.item.file)} had duplicate id ${r.item.id}; it is now ${r.newId} (${relative(root, r.newFile)})`);
      for (const p of s.problems) ctx.out(formatProblem(p, relative(root, p.file) || p.file));
      const warnings = s.problems.length - errors.length;
      ctx.out(`${s.items.length} item${s.items.length === 1 ? '' : 's'}, ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
    }
    return errors.length > 0 ? 1 : 0;
  },
};
