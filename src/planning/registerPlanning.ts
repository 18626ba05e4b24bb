import * as vscode from 'vscode';
import type { Backlog } from '../core/backlog';
import { addDays, localDate, systemUtcOffsetMinutes } from '../core/planning/calendar';
import { doneOlderThan, groomingReport, type GroomingEntry } from '../core/planning/grooming';
import { DEFAULT_PLANNING } from '../core/planning/planningConfig';
import { applyRankPlan, planRankByScore } from '../core/planning/rankByScore';
import { fmt, scoringModel, scoringModelNames } from '../core/planning/scoring';
import { isIsoDate, type Sprint } from '../core/planning/sprintFile';
import {
  activeSprint, applySprintPlan, closeSprint, nextSprint, planSprint, productBacklog, sprintItems, startSprint, type CarryOver,
} from '../core/planning/sprints';
import { matchesQuery, parseQuery } from '../core/query';
import { runItemOperation } from '../items/itemOperation';
import { pickBacklogFolder } from '../items/itemTargets';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { CommandId } from '../commands';
import { SprintReviewPanel } from './sprintReviewPanel';
import { SprintStatusBar } from './sprintStatusBar';

/** Sprints, ranking by score, grooming and archiving: commands, the status bar item and the review panel. */
export function registerPlanning(folders: BacklogFolders): vscode.Disposable[] {
  let review: SprintReviewPanel | undefined;
  const showReview = (backlog: Backlog, sprintId: string) => {
    if (review) review.show(backlog, sprintId);
    else {
      const panel = SprintReviewPanel.create(folders, backlog, sprintId);
      review = panel;
      panel.onDidClose(() => {
        if (review === panel) review = undefined;
      });
    }
  };
  const folderOf = async (arg: unknown): Promise<BacklogFolder | undefined> => {
    if (typeof arg === 'object' && arg !== null && typeof (arg as { root?: unknown }).root === 'string') {
      const f = folders.withBacklog().find((x) => x.backlog.root === (arg as { root: string }).root);
      if (f) return f;
    }
    const folder = await pickBacklogFolder(folders);
    if (!folder) void vscode.window.showInformationMessage('Backlog: no backlog in this workspace. Run "Backlog: Initialize Backlog in Workspace" first.');
    return folder;
  };
  const run = <T>(what: string, op: () => Promise<T>) => runItemOperation(folders, what, op);

  return [
    new SprintStatusBar(folders),
    { dispose: () => void review?.panel.dispose() },

    vscode.commands.registerCommand(CommandId.CreateSprint, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const backlog = folder.backlog;
      const name = await vscode.window.showInputBox({ title: 'New Sprint (1/3)', prompt: 'Sprint name', value: `Sprint ${backlog.snapshot.sprints.length + 1}`, validateInput: (v) => (v.trim() ? undefined : 'A sprint needs a name') });
      if (!name) return;
      const today = localDate(Date.now(), systemUtcOffsetMinutes());
      const last = [...backlog.snapshot.sprints].reverse().find((s) => s.end);
      const suggested = last?.end && last.end >= today ? addDays(last.end, 1) : today;
      const start = await vscode.window.showInputBox({ title: 'New Sprint (2/3)', prompt: 'First day (YYYY-MM-DD); it lasts two weeks unless you edit the end date in its file', value: suggested, validateInput: (v) => (isIsoDate(v) ? undefined : 'A date such as 2026-11-30') });
      if (!start) return;
      const capacity = await vscode.window.showInputBox({ title: 'New Sprint (3/3)', prompt: 'Capacity in points (empty for none)', validateInput: (v) => (v === '' || (Number.isFinite(Number(v)) && Number(v) >= 0) ? undefined : 'A number of points') });
      if (capacity === undefined) return;
      const sprint = await run('Creating the sprint', () => backlog.createSprint({ name, start, end: addDays(start, 13), capacity: capacity === '' ? undefined : Number(capacity) }));
      if (sprint) await vscode.commands.executeCommand(CommandId.PlanSprint, { root: backlog.root, sprint: sprint.id });
    }),

    vscode.commands.registerCommand(CommandId.PlanSprint, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const sprint = await pickSprint(folder.backlog, arg, (s) => s.state !== 'closed', 'Plan which sprint?');
      if (sprint) await planWithQuickPick(folder.backlog, sprint, run);
    }),

    vscode.commands.registerCommand(CommandId.StartSprint, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const sprint = await pickSprint(folder.backlog, arg, (s) => s.state === 'planned', 'Start which sprint?');
      if (!sprint) return;
      const started = await run('Starting the sprint', () => startSprint(folder.backlog, sprint.id, { utcOffsetMinutes: systemUtcOffsetMinutes() }));
      if (started) void vscode.window.showInformationMessage(`Backlog: ${started.name} started (${started.start} → ${started.end}).`);
    }),

    vscode.commands.registerCommand(CommandId.CloseSprint, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const backlog = folder.backlog;
      const sprint = await pickSprint(backlog, arg, (s) => s.state !== 'closed', 'Close which sprint?', activeSprint(backlog.snapshot));
      if (!sprint) return;
      const snapshot = backlog.snapshot;
      const unfinished = sprintItems(snapshot, sprint).filter((i) => snapshot.config.statuses.find((s) => s.name === i.status)?.category !== 'done');
      let carry: CarryOver = { to: 'backlog' };
      if (unfinished.length > 0) {
        const next = nextSprint(snapshot, sprint);
        const choices: (vscode.QuickPickItem & { carry: CarryOver })[] = [
          ...(next ? [{ label: `$(arrow-right) Carry over to ${next.name}`, description: 'the next planned sprint', carry: { to: 'sprint', sprint: next.id } as CarryOver }] : []),
          { label: '$(list-unordered) Back to the product backlog', carry: { to: 'backlog' } },
          ...snapshot.sprints.filter((s) => s.id !== sprint.id && s.id !== next?.id && s.state !== 'closed').map((s) => ({ label: `$(milestone) Carry over to ${s.name}`, description: s.state, carry: { to: 'sprint' as const, sprint: s.id } })),
        ];
        const pick = await vscode.window.showQuickPick(choices, {
          title: `Close ${sprint.name}: ${unfinished.length} unfinished item${unfinished.length > 1 ? 's' : ''} (${fmt(unfinished.reduce((s, i) => s + (i.points ?? 0), 0))} points)`,
          placeHolder: 'Where should the unfinished items go?',
        });
        if (!pick) return;
        carry = pick.carry;
      }
      const result = await run('Closing the sprint', () => closeSprint(backlog, sprint.id, carry));
      if (!result) return;
      const action = await vscode.window.showInformationMessage(
        `Backlog: ${sprint.name} closed — ${result.done.length} done, ${result.carried.length} carried to ${result.carriedTo?.name ?? 'the backlog'}.`,
        'Show Review',
      );
      if (action) showReview(backlog, sprint.id);
    }),

    vscode.commands.registerCommand(CommandId.ShowSprintReview, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const sprint = await pickSprint(folder.backlog, arg, () => true, 'Review which sprint?', activeSprint(folder.backlog.snapshot));
      if (sprint) showReview(folder.backlog, sprint.id);
    }),

    vscode.commands.registerCommand(CommandId.RankByScore, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const backlog = folder.backlog;
      const config = backlog.snapshot.config;
      const names = scoringModelNames(config);
      const defaultModel = (config.planning ?? DEFAULT_PLANNING).defaultScoring;
      const modelPick = await vscode.window.showQuickPick(
        names.map((n) => ({ label: n, description: scoringModel(n, config)!.description, picked: n === defaultModel })),
        { title: 'Rank by Score', placeHolder: 'Which score? (custom models are declared under scoring: in .backlog/config.yaml)' },
      );
      if (!modelPick) return;
      const model = scoringModel(modelPick.label, config)!;
      const query = parseQuery('is:open');
      const scope = backlog.snapshot.items.filter((i) => matchesQuery(i, query, backlog.snapshot));
      const plan = planRankByScore(scope, model);
      if (plan.moves.length === 0) {
        void vscode.window.showInformationMessage(`Backlog: open items are already in ${model.name} order.`);
        return;
      }
      const moved = new Map(plan.moves.map((m) => [m.id, m]));
      const preview = vscode.window.createQuickPick<vscode.QuickPickItem>();
      preview.title = `Rank by ${model.name}: ${plan.moves.length} of ${scope.length} items move — Enter to apply, Escape to cancel`;
      preview.placeholder = 'Preview of the new order (scores computed from front matter, never stored)';
      preview.matchOnDescription = true;
      preview.items = plan.order.map((o, to) => {
        const m = moved.get(o.item.id);
        const arrow = !m ? '' : m.from > to ? `$(arrow-up) ${m.from - to}` : `$(arrow-down) ${to - m.from}`;
        return { label: `${to + 1}. ${o.item.title}`, description: `${o.item.id} · ${o.score.value === undefined ? 'no score' : fmt(o.score.value)} ${arrow}`, detail: o.score.formula };
      });
      const accepted = await new Promise<boolean>((resolve) => {
        preview.onDidAccept(() => {
          resolve(true);
          preview.hide();
        });
        preview.onDidHide(() => resolve(false));
        preview.show();
      });
      preview.dispose();
      if (!accepted) return;
      const done = await run('Ranking by score', () => applyRankPlan(backlog, plan));
      if (done) void vscode.window.showInformationMessage(`Backlog: ranked by ${model.name}; ${done.length} item${done.length === 1 ? '' : 's'} moved.`);
    }),

    vscode.commands.registerCommand(CommandId.Groom, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const snapshot = folder.backlog.snapshot;
      const report = groomingReport(snapshot, { now: Date.now() });
      const entries: (vscode.QuickPickItem & { file?: string })[] = [];
      const section = (title: string, list: readonly GroomingEntry[]) => {
        if (list.length === 0) return;
        entries.push({ label: `${title} (${list.length})`, kind: vscode.QuickPickItemKind.Separator });
        for (const e of list) entries.push({ label: e.title, description: e.id, detail: e.reasons.join(', '), file: snapshot.byId.get(e.id)?.file });
      };
      section('Stale', report.stale);
      section('Not ready', report.notReady);
      if (report.duplicates.length > 0) {
        entries.push({ label: `Likely duplicates (${report.duplicates.length})`, kind: vscode.QuickPickItemKind.Separator });
        for (const d of report.duplicates) {
          entries.push({ label: d.a.title, description: `${d.a.id} ~ ${d.b.id}`, detail: `${Math.round(d.similarity * 100)}% similar to "${d.b.title}"`, file: snapshot.byId.get(d.a.id)?.file });
        }
      }
      section('Code link lost', report.lostLinks);
      section('Failing test passes again', report.passingTests);
      section('Parents and children', report.structure);
      section(`Done for ${report.settings.archiveDoneAfterDays}+ days (Backlog: Archive Done Items)`, report.toArchive);
      if (entries.length === 0) {
        void vscode.window.showInformationMessage('Backlog: nothing to groom.');
        return;
      }
      const pick = await vscode.window.showQuickPick(entries, { title: 'Groom the Backlog', placeHolder: 'Open an item to fix it', matchOnDescription: true, matchOnDetail: true });
      if (pick?.file) await vscode.window.showTextDocument(vscode.Uri.file(pick.file));
    }),

    vscode.commands.registerCommand(CommandId.ArchiveDone, async (arg?: unknown) => {
      const folder = await folderOf(arg);
      if (!folder) return;
      const backlog = folder.backlog;
      const days = (backlog.snapshot.config.planning ?? DEFAULT_PLANNING).archiveDoneAfterDays;
      const items = doneOlderThan(backlog.snapshot, days, Date.now());
      if (items.length === 0) {
        void vscode.window.showInformationMessage(`Backlog: no done items older than ${days} days.`);
        return;
      }
      const ok = await vscode.window.showInformationMessage(
        `Move ${items.length} done item${items.length > 1 ? 's' : ''} unchanged for ${days}+ days to .backlog/archive/?`,
        { modal: true, detail: `${items.slice(0, 15).map((i) => `${i.id} ${i.title}`).join('\n')}${items.length > 15 ? `\n… and ${items.length - 15} more` : ''}\n\nArchived items stay in the repository and can be restored; nothing is deleted.` },
        'Archive',
      );
      if (ok !== 'Archive') return;
      await run('Archiving', async () => {
        for (const item of items) await backlog.archive(item);
      });
    }),
  ];
}

/** The sprint named by the argument, the only candidate, or the one the user picks. */
async function pickSprint(backlog: Backlog, arg: unknown, filter: (s: Sprint) => boolean, placeHolder: string, preferred?: Sprint): Promise<Sprint | undefined> {
  const wanted = typeof arg === 'object' && arg !== null ? (arg as { sprint?: unknown }).sprint : undefined;
  const sprints = backlog.snapshot.sprints;
  if (typeof wanted === 'string') {
    const s = sprints.find((x) => x.id === wanted);
    if (s) return s;
  }
  const candidates = sprints.filter(filter);
  if (candidates.length === 0) {
    const create = await vscode.window.showInformationMessage('Backlog: no sprint to choose from.', 'New Sprint…');
    if (create) await vscode.commands.executeCommand(CommandId.CreateSprint, { root: backlog.root });
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(
    candidates.map((s) => ({ label: s.name, description: `${s.state} · ${s.start ?? '?'} → ${s.end ?? '?'}`, sprint: s, picked: s === preferred })),
    { placeHolder },
  );
  return pick?.sprint;
}

/**
 * Plans a sprint in one multi-select list: the sprint's items (checked) then the product backlog
 * in rank order; the title shows committed points against capacity as boxes are ticked.
 */
async function planWithQuickPick(backlog: Backlog, sprint: Sprint, run: <T>(what: string, op: () => Promise<T>) => Promise<T | undefined>): Promise<void> {
  const snapshot = backlog.snapshot;
  const inSprint = sprintItems(snapshot, sprint);
  const candidates = [...inSprint, ...productBacklog(snapshot)];
  type Entry = vscode.QuickPickItem & { id: string; points: number };
  const entries: Entry[] = candidates.map((i) => ({
    label: i.title,
    description: `${i.id} · ${i.points === undefined ? 'no estimate' : `${fmt(i.points)} pts`}${i.priority ? ` · ${i.priority}` : ''}`,
    id: i.id,
    points: i.points ?? 0,
    picked: inSprint.includes(i),
  }));
  const qp = vscode.window.createQuickPick<Entry>();
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = entries;
  qp.selectedItems = entries.filter((e) => e.picked);
  qp.placeholder = 'Tick items to commit (product backlog in rank order); Enter to save';
  const title = (selected: readonly Entry[]) => {
    const committed = selected.reduce((s, e) => s + e.points, 0);
    const cap = sprint.capacity;
    const over = cap !== undefined && committed > cap ? ` — ⚠ ${fmt(committed - cap)} over capacity` : '';
    return `Plan ${sprint.name}: ${fmt(committed)}${cap === undefined ? '' : ` / ${fmt(cap)}`} points committed${over}`;
  };
  qp.title = title(qp.selectedItems);
  qp.onDidChangeSelection((s) => (qp.title = title(s)));
  const selected = await new Promise<readonly Entry[] | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!selected) return;
  const chosen = new Set(selected.map((e) => e.id));
  const plan = planSprint(snapshot, sprint, {
    add: candidates.filter((i) => chosen.has(i.id) && !inSprint.includes(i)).map((i) => i.id),
    remove: inSprint.filter((i) => !chosen.has(i.id)).map((i) => i.id),
  });
  if (plan.steps.length === 0) return;
  const written = await run('Planning the sprint', () => applySprintPlan(backlog, plan));
  if (!written) return;
  const load = plan.after;
  const message = `Backlog: ${sprint.name} now holds ${load.items} items, ${fmt(load.committed)}${load.capacity === undefined ? '' : ` of ${fmt(load.capacity)}`} points.`;
  const blocked = plan.blockedOutside.map((b) => `${b.item.id} waits for ${b.blocker.id} (${b.blocker.status})`);
  const warnings = [load.over > 0 ? `That is ${fmt(load.over)} over capacity.` : '', blocked.length > 0 ? `Blocked by items outside the sprint: ${blocked.join('; ')}.` : ''].filter(Boolean);
  if (warnings.length > 0) void vscode.window.showWarningMessage(`${message} ${warnings.join(' ')}`);
  else void vscode.window.showInformationMessage(message);
}
