import { relative } from 'node:path';
import type { Item } from '../../core/item';
import { fmt } from '../../core/planning/scoring';
import type { CliCommand } from '../command';
import { findItem, itemJson } from '../shared';

export const showCommand: CliCommand = {
  name: 'show',
  usage: 'show ID                                one item with its body',
  async run(ctx) {
    const item = findItem(ctx.snapshot, ctx.positionals[0]);
    const { relations } = ctx.snapshot;
    if (ctx.json) {
      ctx.printJson({ ...itemJson(item, ctx.root, relations), children: relations.children(item.id).map((c) => c.id), body: item.body });
      return 0;
    }
    const out = (line: string) => ctx.out(line);
    out(`${item.id}  ${item.title}`);
    out(`${item.type} · ${item.status}${item.priority ? ' · ' + item.priority : ''}${item.points !== undefined ? ' · ' + item.points + ' pts' : ''}`);
    if (item.labels.length) out(`labels: ${item.labels.join(', ')}`);
    if (item.assignee) out(`assignee: ${item.assignee}`);
    if (item.sprint) out(`sprint: ${item.sprint}`);
    if (item.milestone) out(`milestone: ${item.milestone}`);
    const brief = (i: Item) => `${i.id} ${i.title} (${i.status})`;
    const byId = (id: string) => ctx.snapshot.byId.get(id);
    if (item.parent) out(`parent: ${byId(item.parent) ? brief(byId(item.parent)!) : `${item.parent} (not in the backlog)`}`);
    const children = relations.children(item.id);
    if (children.length > 0) {
      const r = relations.rollup(item.id)!;
      out(`children: ${children.length} (${r.done}/${r.total} done below it, ${fmt(r.pointsDone)}/${fmt(r.pointsTotal)} pts)`);
      for (const c of children) out(`  ${brief(c)}`);
    }
    if (item.blockedBy.length > 0) {
      out(`blocked by:${relations.isBlocked(item) ? '' : ' (all done)'}`);
      for (const id of item.blockedBy) out(`  ${byId(id) ? brief(byId(id)!) : `${id} (not in the backlog)`}`);
    }
    const blocks = relations.blocks(item.id);
    if (blocks.length > 0) {
      out('blocks:');
      for (const b of blocks) out(`  ${brief(b)}`);
    }
    for (const l of item.links) out(`link: ${l.path}${l.line ? ':' + l.line : ''}${l.kind ? ' (' + l.kind + ')' : ''}`);
    out(`file: ${relative(ctx.root, item.file)}`);
    out(item.body.trimEnd());
    return 0;
  },
};
