import { relative } from 'node:path';
import type { CliCommand } from '../command';
import { findItem, itemJson } from '../shared';

export const showCommand: CliCommand = {
  name: 'show',
  usage: 'show ID                                one item with its body',
  async run(ctx) {
    const item = findItem(ctx.snapshot, ctx.positionals[0]);
    if (ctx.json) {
      ctx.printJson({ ...itemJson(item, ctx.root), body: item.body });
      return 0;
    }
    const out = (line: string) => ctx.out(line);
    out(`${item.id}  ${item.title}`);
    out(`${item.type} · ${item.status}${item.priority ? ' · ' + item.priority : ''}${item.points !== undefined ? ' · ' + item.points + ' pts' : ''}`);
    if (item.labels.length) out(`labels: ${item.labels.join(', ')}`);
    if (item.assignee) out(`assignee: ${item.assignee}`);
    if (item.sprint) out(`sprint: ${item.sprint}`);
    for (const l of item.links) out(`link: ${l.path}${l.line ? ':' + l.line : ''}${l.kind ? ' (' + l.kind + ')' : ''}`);
    out(`file: ${relative(ctx.root, item.file)}`);
    out(item.body.trimEnd());
    return 0;
  },
};
