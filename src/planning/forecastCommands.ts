import * as vscode from 'vscode';
import { CommandId } from '../commands';
import { inertPick } from '../common/inertView';
import type { Backlog } from '../core/backlog';
import type { ForecastScope } from '../core/planning/forecastScope';
import { isIsoDate } from '../core/planning/sprintFile';
import { runItemOperation } from '../items/itemOperation';
import { pickBacklogFolder } from '../items/itemTargets';
import type { BacklogFolders } from '../store/backlogFolders';
import { ForecastPanel } from './forecastPanel';

/** A caller's choice of what to forecast, skipping the quick pick: `{ root, milestone | item | query }`. */
interface ForecastArg {
  readonly root?: string;
  readonly milestone?: string;
  readonly item?: string;
  readonly query?: string;
}

/** "Forecast…" (a milestone, an epic or a query, in a page beside the editor) and "New Milestone…". */
export function registerForecast(folders: BacklogFolders): vscode.Disposable[] {
  let open: ForecastPanel | undefined;
  const show = (backlog: Backlog, scope: ForecastScope): ForecastPanel => {
    if (open) {
      open.show(backlog, scope);
      return open;
    }
    const panel = ForecastPanel.create(folders, backlog, scope);
    open = panel;
    panel.onDidClose(() => {
      if (open === panel) open = undefined;
    });
    return panel;
  };
  const folderOf = async (arg: unknown) => {
    const root = (arg as ForecastArg | undefined)?.root;
    const given = typeof root === 'string' ? folders.withBacklog().find((f) => f.backlog.root === root) : undefined;
    const folder = given ?? (await pickBacklogFolder(folders));
    if (!folder) void vscode.window.showInformationMessage('Backlog: no backlog in this workspace. Run "Backlog: Initialize Backlog in Workspace" first.');
    return folder;
  };

  return [
    { dispose: () => void open?.panel.dispose() },

    vscode.commands.registerCommand(CommandId.Forecast, async (arg?: unknown): Promise<ForecastPanel | undefined> => {
      const folder = await folderOf(arg);
      if (!folder) return undefined;
      const scope = scopeFromArg(arg) ?? (await pickScope(folder.backlog));
      return scope ? show(folder.backlog, scope) : undefined;
    }),

    vscode.commands.registerCommand(CommandId.CreateMilestone, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return undefined;
      const name = await vscode.window.showInputBox({ title: 'New Milestone (1/3)', prompt: 'Milestone name, e.g. Release 2.0', validateInput: (v) => (v.trim() ? undefined : 'A milestone needs a name') });
      if (!name) return undefined;
      const target = await vscode.window.showInputBox({ title: 'New Milestone (2/3)', prompt: 'Target date (YYYY-MM-DD), empty for none', validateInput: (v) => (v === '' || isIsoDate(v) ? undefined : 'A date such as 2027-03-31, or empty') });
      if (target === undefined) return undefined;
      const goal = await vscode.window.showInputBox({ title: 'New Milestone (3/3)', prompt: 'Goal (optional)' });
      if (goal === undefined) return undefined;
      const milestone = await runItemOperation(folders, 'Creating the milestone', () => folder.backlog.createMilestone({ name, target: target || undefined, goal: goal || undefined }));
      if (milestone) void vscode.window.showInformationMessage(`Backlog: milestone ${milestone.id} created. Plan items for it with milestone: ${milestone.id} (or on their parent).`);
      return milestone;
    }),
  ];
}

function scopeFromArg(arg: unknown): ForecastScope | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as ForecastArg;
  if (typeof a.milestone === 'string') return { kind: 'milestone', id: a.milestone };
  if (typeof a.item === 'string') return { kind: 'item', id: a.item };
  if (typeof a.query === 'string') return { kind: 'query', query: a.query };
  return undefined;
}

type ScopePick = vscode.QuickPickItem & { scope?: ForecastScope; askQuery?: true };

/** Milestones first (by target), then epics and other parents, then "a query…". */
async function pickScope(backlog: Backlog): Promise<ForecastScope | undefined> {
  const s = backlog.snapshot;
  const picks: ScopePick[] = [];
  if (s.milestones.length > 0) picks.push({ label: 'Milestones', kind: vscode.QuickPickItemKind.Separator });
  for (const m of s.milestones) {
    picks.push(inertPick({ label: `$(milestone) ${m.name}`, description: m.target ? `target ${m.target}` : 'no target', detail: m.goal, scope: { kind: 'milestone', id: m.id } }));
  }
  const parents = s.items.filter((i) => i.type === 'epic' || s.relations.hasChildren(i.id));
  if (parents.length > 0) picks.push({ label: 'Epics and parents', kind: vscode.QuickPickItemKind.Separator });
  for (const p of parents) {
    const r = s.relations.rollup(p.id);
    picks.push(inertPick({ label: `$(layers) ${p.title}`, description: `${p.id}${r ? ` · ${r.done}/${r.total} done` : ''}`, scope: { kind: 'item', id: p.id } }));
  }
  picks.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  picks.push({ label: '$(filter) Items matching a query…', description: 'e.g. label:checkout is:open', askQuery: true });
  const pick = await vscode.window.showQuickPick(picks, { title: 'Forecast', placeHolder: 'When will it be done? Pick a milestone, an epic, or a query', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.scope) return pick.scope;
  const query = await vscode.window.showInputBox({ title: 'Forecast: items matching', prompt: 'A filter as in the tree (status:, type:, label:, sprint:, is:open, words)', value: 'is:open', validateInput: (v) => (v.trim() ? undefined : 'A filter, e.g. is:open') });
  return query ? { kind: 'query', query } : undefined;
}
