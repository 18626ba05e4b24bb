import * as vscode from 'vscode';
import { CommandId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import type { BacklogNode } from '../tree/treeNodes';
import { refuseIfDirty, runItemOperation } from './itemOperation';
import { resolveTargets, type SelectionSource } from './itemTargets';
import { inertPick } from '../common/inertView';
import { inertText } from '../core/inertText';

/**
 * Keyboard re-ranking (the accessible twin of drag and drop): up and down move past the
 * neighbour visible in the same group; top and bottom move to the ends of the whole backlog.
 */
export function registerMoveItem(folders: BacklogFolders, selection: SelectionSource): vscode.Disposable[] {
  const step = (delta: -1 | 1) => async (arg?: unknown, all?: unknown) => {
    const [target] = await resolveTargets(folders, selection, arg ?? selection.selectedItems()[0], all, 'Move which item?');
    if (!target || refuseIfDirty([target.item])) return;
    const node = (arg ?? selection.selectedItems()[0]) as BacklogNode | undefined;
    const visible = node?.kind === 'item' && node.group ? node.group.items.map((i) => i.id) : target.folder.backlog.snapshot.items.map((i) => i.id);
    const at = visible.indexOf(target.item.id);
    const index = at + delta;
    if (at === -1 || index < 0 || index >= visible.length) return;
    // `index` is the item's new position in the view without it: one past the neighbour it jumps.
    await runItemOperation(folders, 'Move', () => target.folder.backlog.move(target.item, { index, within: visible }));
  };
  const end = (to: 'top' | 'bottom') => async (arg?: unknown, all?: unknown) => {
    const targets = await resolveTargets(folders, selection, arg, all, `Move which item to the ${to}?`);
    if (targets.length === 0 || refuseIfDirty(targets.map((t) => t.item))) return;
    // Moving a selection to the top one by one in reverse keeps its order.
    const ordered = to === 'top' ? [...targets].reverse() : targets;
    await runItemOperation(folders, 'Move', async () => {
      for (const t of ordered) await t.folder.backlog.move(t.item, { to });
    });
  };
  return [
    vscode.commands.registerCommand(CommandId.MoveToSprint, async (arg?: unknown, all?: unknown) => {
      const targets = await resolveTargets(folders, selection, arg, all, 'Move which item to a sprint?');
      if (targets.length === 0 || refuseIfDirty(targets.map((t) => t.item))) return;
      const folder = targets[0].folder;
      if (targets.some((t) => t.folder !== folder)) {
        void vscode.window.showInformationMessage('Backlog: sprints belong to one backlog; select items of one workspace folder.');
        return;
      }
      const none = { label: '$(circle-slash) No sprint', description: 'take the items out of their sprint', sprint: undefined as string | undefined };
      const current = new Set(targets.map((t) => t.item.sprint));
      const sprints = folder.backlog.snapshot.sprints.filter((s) => s.state !== 'closed' || current.has(s.id));
      const pick = await vscode.window.showQuickPick(
        [
          ...sprints.map((s) =>
            inertPick({
              label: s.name,
              description: [s.state, s.start && s.end ? `${s.start} – ${s.end}` : '', current.size === 1 && current.has(s.id) ? 'current' : ''].filter(Boolean).join(' · '),
              sprint: s.id,
            }),
          ),
          none,
        ],
        { title: targets.length === 1 ? inertText(`Move ${targets[0].item.id} to Sprint`) : `Move ${targets.length} items to Sprint`, placeHolder: sprints.length ? 'Sprint' : 'No open sprints (create one with "Backlog: Create Sprint…")' },
      );
      if (!pick) return;
      const moving = targets.filter((t) => t.item.sprint !== pick.sprint);
      if (moving.length === 0) return;
      // One batch: one snapshot for the views, and the items are read fresh under one lock.
      await runItemOperation(folders, 'Move to sprint', () =>
        folder.backlog.batch(async () => {
          for (const t of moving) await folder.backlog.update(t.item, { sprint: pick.sprint });
        }),
      );
    }),
    vscode.commands.registerCommand(CommandId.MoveUp, step(-1)),
    vscode.commands.registerCommand(CommandId.MoveDown, step(1)),
    vscode.commands.registerCommand(CommandId.MoveToTop, end('top')),
    vscode.commands.registerCommand(CommandId.MoveToBottom, end('bottom')),
  ];
}
