import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { systemUtcOffsetMinutes } from '../core/planning/calendar';
import { activeSprintProgress } from '../core/planning/sprintProgress';
import type { BacklogFolders } from '../store/backlogFolders';
import { CommandId } from '../commands';

/** The active sprint's progress in the status bar; click for the sprint review. */
export class SprintStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('repoBacklog.sprint', vscode.StatusBarAlignment.Left, 50));
  private readonly midnight: ReturnType<typeof setInterval>;

  constructor(private readonly folders: BacklogFolders) {
    super();
    this.item.name = 'Backlog: Active Sprint';
    this._register(folders.onDidChange(() => this.update()));
    // "Days left" changes without any file changing.
    this.midnight = setInterval(() => this.update(), 15 * 60_000);
    this._register({ dispose: () => clearInterval(this.midnight) });
    this.update();
  }

  private update(): void {
    const now = Date.now();
    for (const folder of this.folders.withBacklog()) {
      const progress = activeSprintProgress(folder.backlog.snapshot, now, systemUtcOffsetMinutes());
      if (!progress) continue;
      const { sprint, load } = progress;
      this.item.text = `$(milestone) ${progress.text}`;
      const tooltip = new vscode.MarkdownString(undefined, true);
      tooltip.isTrusted = false;
      tooltip.appendText(`${sprint.name} (${sprint.start ?? '?'} → ${sprint.end ?? '?'})\n\n`);
      if (sprint.goal) tooltip.appendText(`Goal: ${sprint.goal}\n\n`);
      tooltip.appendText(`${load.done} of ${load.committed} points done (${Math.round(progress.fraction * 100)}%), ${load.items} items`);
      if (load.capacity !== undefined) tooltip.appendText(`, capacity ${load.capacity}${load.over > 0 ? ` — ${load.over} over` : ''}`);
      if (load.unestimated > 0) tooltip.appendText(`, ${load.unestimated} unestimated`);
      tooltip.appendText('\n\nClick for the sprint review.');
      this.item.tooltip = tooltip;
      this.item.backgroundColor = load.over > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.command = { command: CommandId.ShowSprintReview, title: 'Show Sprint Review', arguments: [{ root: folder.backlog.root, sprint: sprint.id }] };
      this.item.accessibilityInformation = { label: `Active sprint ${progress.text}` };
      this.item.show();
      return;
    }
    this.item.hide();
  }
}
