import * as vscode from 'vscode';
import { renderMarker, type MarkerEdit } from '../core/todos/capture';
import { requireTrust } from '../store/workspaceTrust';

/** An id to write into the comment a marker edit describes. */
export interface MarkerWrite {
  /** Absolute path of the source file. */
  readonly file: string;
  readonly edit: MarkerEdit;
  readonly id: string;
}

export interface MarkerWriteResult {
  readonly written: readonly MarkerWrite[];
  /** The comment's line changed since it was scanned (or the file could not be opened): nothing written there. */
  readonly stale: readonly MarkerWrite[];
}

/**
 * Writes ids into comments with one `WorkspaceEdit`, so it works on unsaved buffers, keeps the
 * file's encoding and line endings (the editor owns them) and is one undo step per file. Each
 * comment's line must still read as scanned; it is looked for near its old line if lines moved.
 * A document is saved afterwards only if it had no unsaved changes before: the user's pending
 * edits are never saved behind their back.
 */
export async function writeMarkers(writes: readonly MarkerWrite[], format: string): Promise<MarkerWriteResult> {
  // Source files are written here through the editor, not the store: the same trust rule applies.
  requireTrust();
  const edit = new vscode.WorkspaceEdit();
  const written: MarkerWrite[] = [];
  const stale: MarkerWrite[] = [];
  const toSave: vscode.TextDocument[] = [];
  const byFile = new Map<string, MarkerWrite[]>();
  for (const w of writes) {
    const list = byFile.get(w.file) ?? [];
    list.push(w);
    byFile.set(w.file, list);
  }
  for (const [file, list] of byFile) {
    const uri = vscode.Uri.file(file);
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch {
      stale.push(...list);
      continue;
    }
    const wasDirty = doc.isDirty;
    const used = new Set<number>();
    for (const w of list) {
      const line = findLine(doc, w.edit.lineText, w.edit.line - 1, used);
      if (line === undefined) {
        stale.push(w);
        continue;
      }
      used.add(line);
      const from = w.edit.start - w.edit.lineStart;
      const to = w.edit.end - w.edit.lineStart;
      edit.replace(uri, new vscode.Range(line, from, line, to), renderMarker(w.edit, w.id, format));
      written.push(w);
    }
    if (!wasDirty && list.some((w) => written.includes(w))) toSave.push(doc);
  }
  if (written.length === 0) return { written, stale };
  if (!(await vscode.workspace.applyEdit(edit))) return { written: [], stale: [...stale, ...written] };
  for (const doc of toSave) await doc.save();
  return { written, stale };
}

/** The 0-based line reading exactly `text`: `near` if it still does, else the nearest such line. */
function findLine(doc: vscode.TextDocument, text: string, near: number, used: ReadonlySet<number>): number | undefined {
  if (near < doc.lineCount && !used.has(near) && doc.lineAt(near).text === text) return near;
  let best: number | undefined;
  for (let i = 0; i < doc.lineCount; i++) {
    if (used.has(i) || doc.lineAt(i).text !== text) continue;
    if (best === undefined || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}
