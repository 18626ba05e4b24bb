import * as vscode from 'vscode';
import type { BacklogConfig } from '../core/config';
import { CommandId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { refuseIfDirty, runItemOperation } from './itemOperation';
import { resolveTargets, type ItemTarget, type SelectionSource } from './itemTargets';

type Field = 'status' | 'type' | 'priority';

/** Set Status/Type/Priority/Points/Assignee/Labels and Rename, for one item or a multi-selection. */
export function registerEditItem(folders: BacklogFolders, selection: SelectionSource): vscode.Disposable[] {
  const targetsFor = (arg: unknown, all: unknown, what: string) => resolveTargets(folders, selection, arg, all, `${what} of which item?`);

  /** Writes the same changes to every target, one file each. */
  const apply = async (targets: readonly ItemTarget[], changes: Record<string, unknown>) => {
    if (targets.length === 0 || refuseIfDirty(targets.map((t) => t.item))) return;
    await runItemOperation(folders, 'Edit', async () => {
      for (const t of targets) await t.folder.backlog.update(t.item, changes);
    });
  };

  const pickField = (field: Field, label: string) =>
    vscode.commands.registerCommand(fieldCommand(field), async (arg?: unknown, all?: unknown) => {
      const targets = await targetsFor(arg, all, `Set ${label}`);
      if (targets.length === 0) return;
      const config = targets[0].folder.backlog.snapshot.config;
      const current = new Set(targets.map((t) => t.item[field] ?? ''));
      const values = fieldValues(config, field);
      const items: (vscode.QuickPickItem & { value: string | undefined })[] = values.map((v) => ({
        label: v,
        description: current.has(v) ? 'current' : undefined,
        value: v,
      }));
      if (field === 'priority') items.push({ label: 'No priority', description: current.has('') ? 'current' : undefined, value: undefined });
      const pick = await vscode.window.showQuickPick(items, { title: `Set ${label}: ${describe(targets)}`, placeHolder: label });
      if (pick) await apply(targets, { [field]: pick.value });
    });

  return [
    pickField('status', 'Status'),
    pickField('type', 'Type'),
    pickField('priority', 'Priority'),
    vscode.commands.registerCommand(CommandId.SetPoints, async (arg?: unknown, all?: unknown) => {
      const targets = await targetsFor(arg, all, 'Estimate');
      if (targets.length === 0) return;
      const value = await vscode.window.showInputBox({
        title: `Estimate: ${describe(targets)}`,
        prompt: 'Story points (empty removes the estimate)',
        value: targets.length === 1 && targets[0].item.points !== undefined ? String(targets[0].item.points) : '',
        validateInput: (v) => (v.trim() === '' || (Number.isFinite(Number(v)) && Number(v) >= 0) ? undefined : 'A number of points, e.g. 3'),
      });
      if (value !== undefined) await apply(targets, { points: value.trim() === '' ? undefined : Number(value) });
    }),
    vscode.commands.registerCommand(CommandId.SetAssignee, async (arg?: unknown, all?: unknown) => {
      const targets = await targetsFor(arg, all, 'Assign');
      if (targets.length === 0) return;
      const known = [...new Set(targets[0].folder.backlog.snapshot.items.map((i) => i.assignee).filter((a): a is string => !!a))].sort();
      const pick = await pickOrType(known, `Assign: ${describe(targets)}`, 'A name or handle (empty to unassign)', targets.length === 1 ? targets[0].item.assignee : undefined);
      if (pick !== undefined) await apply(targets, { assignee: pick || undefined });
    }),
    vscode.commands.registerCommand(CommandId.SetLabels, async (arg?: unknown, all?: unknown) => {
      const targets = await targetsFor(arg, all, 'Label');
      if (targets.length === 0) return;
      const value = await vscode.window.showInputBox({
        title: `Labels: ${describe(targets)}`,
        prompt: 'Comma-separated labels (empty removes them all)',
        value: targets.length === 1 ? targets[0].item.labels.join(', ') : '',
      });
      if (value === undefined) return;
      const labels = [...new Set(value.split(',').map((l) => l.trim()).filter(Boolean))];
      await apply(targets, { labels: labels.length ? labels : undefined });
    }),
    vscode.commands.registerCommand(CommandId.Rename, async (arg?: unknown, all?: unknown) => {
      const [target] = await targetsFor(arg, all, 'Rename');
      if (!target) return;
      const title = await vscode.window.showInputBox({
        title: `Rename ${target.item.id}`,
        value: target.item.title,
        validateInput: (v) => (v.trim() ? undefined : 'A title is required'),
      });
      if (title !== undefined && title.trim() !== target.item.title) await apply([target], { title: title.trim() });
    }),
  ];
}

function fieldCommand(field: Field): string {
  return field === 'status' ? CommandId.SetStatus : field === 'type' ? CommandId.SetType : CommandId.SetPriority;
}

function fieldValues(config: BacklogConfig, field: Field): string[] {
  if (field === 'status') return config.statuses.map((s) => s.name);
  if (field === 'type') return [...config.types];
  return [...config.priorities];
}

function describe(targets: readonly ItemTarget[]): string {
  return targets.length === 1 ? `${targets[0].item.id} ${targets[0].item.title}` : `${targets.length} items`;
}

/** A quick pick of known values that also accepts a new one typed in. */
async function pickOrType(known: readonly string[], title: string, placeHolder: string, current: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick();
    qp.title = title;
    qp.placeholder = placeHolder;
    qp.value = current ?? '';
    const base = known.map((k) => ({ label: k }));
    const update = () => {
      const typed = qp.value.trim();
      qp.items = typed && !known.includes(typed) ? [{ label: typed, description: 'new' }, ...base] : base;
    };
    update();
    let done = false;
    qp.onDidChangeValue(update);
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0]?.label ?? qp.value.trim());
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
