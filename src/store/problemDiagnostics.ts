import * as vscode from 'vscode';
import type { Problem } from '../core/problem';
import { Disposable } from '../common/lifecycle';
import type { BacklogFolders } from './backlogFolders';

/** Shows every problem in `.backlog/` in the Problems panel, at its file and line. */
export class ProblemDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('repoBacklog'));

  constructor(private readonly folders: BacklogFolders) {
    super();
    this._register(folders.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const folder of this.folders.all()) {
      for (const p of folder.backlog.snapshot.problems) {
        let list = byFile.get(p.file);
        if (!list) byFile.set(p.file, (list = []));
        list.push(toDiagnostic(p));
      }
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const column = Math.max(0, p.column - 1);
  const d = new vscode.Diagnostic(
    new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER),
    p.message,
    p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = 'backlog';
  d.code = p.code;
  return d;
}
