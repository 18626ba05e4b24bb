import * as vscode from 'vscode';
import { CommandId, isItemArg, ViewId } from '../commands';
import type { Item } from '../core/item';
import { todoAnchor } from '../core/todos/anchors';
import { markerEditFor, planCapture, type TodoCapture } from '../core/todos/capture';
import type { TodoComment } from '../core/todos/scanner';
import { runItemOperation } from '../items/itemOperation';
import { openItemPage } from '../items/openItem';
import type { BacklogFolders } from '../store/backlogFolders';
import type { FolderTodos, TodoFile } from './folderTodos';
import { writeMarkers, type MarkerWrite } from './markerWriter';
import { isTodoRef, sectionNodeOf } from './todoCommands';
import { LostLinkNode, TodoCommentNode, TodoFileNode, TodoInboxNode, untrackedByFile } from './untrackedTodosSection';
import type { WorkspaceTodos } from './workspaceTodos';
import { inertPick } from '../common/inertView';
import { duplicateNote, duplicatesOf, reviewCapture } from '../items/captureReview';
import { inertText } from '../core/inertText';

/** Comments of one folder to capture: some files, optionally only some of their comments. */
interface CaptureRequest {
  readonly todos: FolderTodos;
  readonly files: readonly TodoFile[];
  readonly only?: (todo: TodoComment) => boolean;
}

interface Candidate {
  readonly todos: FolderTodos;
  readonly file: TodoFile;
  readonly capture: TodoCapture;
}

/** Create Backlog Item (one comment, a file, the inbox), Create from All TODOs, Rescan, Re-link, Resolve. */
export function registerTodoCommands(workspace: WorkspaceTodos, folders: BacklogFolders): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.TodoCreateItem, async (arg?: unknown, all?: unknown) => {
      const args = Array.isArray(all) && all.length > 1 ? all : [arg ?? activeEditorRef()];
      const requests = args.flatMap((a) => requestFor(workspace, a));
      if (requests.length === 0) {
        void vscode.window.showInformationMessage('Backlog: put the cursor on a TODO comment in a folder that has a backlog, or pick one in the Untracked TODOs list.');
        return [];
      }
      const single = requests.length === 1 && args.length === 1 && (isTodoRef(args[0]) || sectionNodeOf(args[0]) instanceof TodoCommentNode);
      // A comment asked for by name is captured even if it was dismissed from the inbox.
      return capture(folders, requests, { preview: !single, includeDismissed: single });
    }),
    vscode.commands.registerCommand(CommandId.TodoCaptureAll, async (arg?: unknown) => {
      const node = sectionNodeOf(arg);
      const scope = node instanceof TodoInboxNode ? [node.todos] : workspace.all();
      const requests = scope.filter((t) => t.state === 'ready').map((t) => ({ todos: t, files: t.allFiles() }));
      if (scope.some((t) => t.state === 'scanning' || t.state === 'waiting')) {
        void vscode.window.showInformationMessage('Backlog: the TODO scan is still running; try again in a moment.');
        return [];
      }
      return capture(folders, requests, { preview: true, includeDismissed: false });
    }),
    vscode.commands.registerCommand(CommandId.TodoRescan, () =>
      vscode.window.withProgress({ location: { viewId: ViewId.Todos }, title: 'Scanning TODO comments' }, () => workspace.rescanAll()),
    ),
    vscode.commands.registerCommand(CommandId.TodoRelink, async (arg?: unknown) => {
      const node = sectionNodeOf(arg);
      if (node instanceof LostLinkNode) await relink(folders, node);
    }),
    vscode.commands.registerCommand(CommandId.TodoResolveItem, async (arg?: unknown) => {
      const node = sectionNodeOf(arg);
      const target = node instanceof LostLinkNode ? { root: node.todos.root, id: node.check.item.id } : isItemArg(arg) ? arg : undefined;
      const folder = target && folders.all().find((f) => f.backlog.root === target.root);
      const item = target && folder?.backlog.snapshot.byId.get(target.id);
      if (!folder || !item) return;
      const done = folder.backlog.snapshot.config.statuses.find((s) => s.category === 'done');
      if (!done) {
        void vscode.window.showErrorMessage('Backlog: config.yaml has no status in the "done" category to resolve items with.');
        return;
      }
      await runItemOperation(folders, 'Resolve item', () => folder.backlog.update(item, { status: done.name }));
    }),
  ];
}

function activeEditorRef(): unknown {
  const editor = vscode.window.activeTextEditor;
  return editor ? { uri: editor.document.uri.toString(), line: editor.selection.active.line + 1 } : undefined;
}

/** What a command argument asks to capture: a comment (by reference or tree row), a file row, or the inbox. */
function requestFor(workspace: WorkspaceTodos, arg: unknown): CaptureRequest[] {
  if (isTodoRef(arg)) {
    const uri = vscode.Uri.parse(arg.uri);
    const todos = workspace.forUri(uri);
    const file = todos && currentFile(todos, uri);
    return todos && file ? [{ todos, files: [file], only: (t) => t.line === arg.line }] : [];
  }
  const node = sectionNodeOf(arg);
  if (node instanceof TodoCommentNode) {
    const file = currentFile(node.todos, vscode.Uri.file(node.file.absolutePath));
    if (!file) return [];
    // The row may be a moment older than the buffer: take the same comment where it is now.
    const same = (t: TodoComment) => t.tag === node.todo.tag && t.text === node.todo.text;
    const exact = file.todos.find((t) => t.line === node.todo.line && same(t));
    const moved = exact ?? file.todos.filter(same).sort((a, b) => Math.abs(a.line - node.todo.line) - Math.abs(b.line - node.todo.line))[0];
    return moved ? [{ todos: node.todos, files: [file], only: (t) => t === moved }] : [];
  }
  if (node instanceof TodoFileNode) {
    const file = currentFile(node.todos, vscode.Uri.file(node.file.absolutePath));
    return file ? [{ todos: node.todos, files: [file] }] : [];
  }
  if (node instanceof TodoInboxNode) return [{ todos: node.todos, files: node.todos.allFiles() }];
  return [];
}

/** A file's comments as of now: an open buffer is rescanned if it changed since the last scan. */
function currentFile(todos: FolderTodos, uri: vscode.Uri): TodoFile | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc) return todos.fileFor(doc);
  const rel = todos.relPath(uri);
  return rel === undefined ? undefined : todos.file(rel);
}

/**
 * Plans, previews (for more than one comment), creates the items in one store batch per folder,
 * then writes every new id into its comment in one workspace edit.
 */
async function capture(folders: BacklogFolders, requests: readonly CaptureRequest[], options: { preview: boolean; includeDismissed: boolean }): Promise<Item[]> {
  const candidates: Candidate[] = [];
  let alreadyTracked: string | undefined;
  for (const { todos, files, only } of requests) {
    const snapshot = todos.folder.backlog.snapshot;
    const plan = planCapture(files, snapshot.items, { config: snapshot.config, dismissed: todos.dismissedTodos, includeDismissed: options.includeDismissed });
    const byPath = new Map(files.map((f) => [f.path, f]));
    for (const c of plan.create) if (!only || only(c.todo)) candidates.push({ todos, file: byPath.get(c.path)!, capture: c });
    const linked = plan.linked.find((l) => !only || only(l.todo)) ?? plan.unknownIds.find((u) => !only || only(u.todo));
    if (linked) alreadyTracked ??= linked.id;
  }
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      alreadyTracked ? `Backlog: this comment is already linked to ${alreadyTracked}.` : 'Backlog: no untracked TODO comments here.',
    );
    return [];
  }
  let chosen = candidates;
  if (options.preview) {
    const multiFolder = new Set(candidates.map((c) => c.todos)).size > 1;
    const duplicates = new Map<Candidate, string | undefined>();
    for (const todos of new Set(candidates.map((c) => c.todos))) {
      const mine = candidates.filter((c) => c.todos === todos);
      const snapshot = todos.folder.backlog.snapshot;
      duplicatesOf(mine.map((c) => c.capture.item.title), snapshot.items, snapshot.config).forEach((d, i) => duplicates.set(mine[i], duplicateNote(d)));
    }
    const picks = await vscode.window.showQuickPick(
      candidates.map((c) => {
        const comment = inertText(`${c.capture.todo.tag}${c.capture.todo.text ? ': ' + c.capture.todo.text : ''}`);
        const duplicate = duplicates.get(c);
        return {
          label: inertText(c.capture.item.title),
          description: inertText(`${c.capture.item.type ?? ''} · ${multiFolder ? c.todos.folder.folder.name + ': ' : ''}${c.capture.path}:${c.capture.todo.line}`),
          // The duplicate note carries an icon, so it is made inert before, not after, it is added.
          detail: duplicate ? `${duplicate} · ${comment}` : comment,
          picked: true,
          candidate: c,
        };
      }),
      {
        canPickMany: true,
        title: `Create ${candidates.length} backlog item${candidates.length === 1 ? '' : 's'} from TODO comments`,
        placeHolder: 'Untick the comments that should not become items, then press Enter',
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    if (!picks || picks.length === 0) return [];
    chosen = picks.map((p) => p.candidate);
  } else if (candidates.length === 1) {
    // One comment: its title, type and priority can be changed before the item is written.
    const [c] = candidates;
    const snapshot = c.todos.folder.backlog.snapshot;
    const draft = await reviewCapture({
      title: 'Create Backlog Item from TODO',
      source: `${c.capture.path}:${c.capture.todo.line}`,
      draft: { title: c.capture.item.title, type: c.capture.item.type, priority: c.capture.item.priority },
      config: snapshot.config,
      items: snapshot.items,
    });
    if (!draft) return [];
    chosen = [{ ...c, capture: { ...c.capture, item: { ...c.capture.item, ...draft } } }];
  }
  const created: Item[] = [];
  const writes: MarkerWrite[] = [];
  const byFolder = new Map<FolderTodos, Candidate[]>();
  for (const c of chosen) byFolder.set(c.todos, [...(byFolder.get(c.todos) ?? []), c]);
  for (const [todos, list] of byFolder) {
    await runItemOperation(folders, 'Creating items from TODO comments', () =>
      todos.folder.backlog.batch(async () => {
        for (const c of list) {
          const item = await todos.folder.backlog.create(c.capture.item);
          created.push(item);
          writes.push({ file: c.file.absolutePath, edit: c.capture.marker, id: item.id });
        }
      }),
    );
  }
  // Ids go into the comments even if a later create failed: those items exist.
  const format = chosen[0].todos.markerFormat;
  const result = writes.length > 0 ? await writeMarkers(writes, format) : { written: [], stale: [] };
  if (created.length === 1 && result.stale.length === 0) {
    const open = 'Open Item';
    void vscode.window.showInformationMessage(`Backlog: created ${created[0].id}: ${created[0].title}`, open).then((choice) => {
      if (choice === open) void openItemPage(created[0].file, false);
    });
  } else if (created.length > 0) {
    const stale = result.stale.length
      ? ` ${result.stale.length} comment${result.stale.length === 1 ? '' : 's'} changed meanwhile and did not get an id (the item links to it by its text): ${result.stale.map((s) => `${s.edit.path}:${s.edit.line}`).join(', ')}.`
      : '';
    void vscode.window.showInformationMessage(`Backlog: created ${created.length} item${created.length === 1 ? '' : 's'} from TODO comments.${stale}`);
  }
  return created;
}

/** Points a lost link at a comment the user picks (same file first) and writes the id into it. */
async function relink(folders: BacklogFolders, node: LostLinkNode): Promise<void> {
  const { todos, check } = node;
  const entries = untrackedByFile(todos)
    .flatMap(([file, comments]) => comments.map((todo) => ({ file, todo })))
    .sort((a, b) => Number(b.file.path === check.link.path) - Number(a.file.path === check.link.path));
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Backlog: there is no untracked TODO comment to link to. Write one, then try again.');
    return;
  }
  const pick = await vscode.window.showQuickPick(
    entries.map((e) => inertPick({ label: e.todo.text ? `${e.todo.tag}: ${e.todo.text}` : e.todo.tag, description: `${e.file.path}:${e.todo.line}`, entry: e })),
    { title: inertText(`Re-link ${check.item.id}: ${check.item.title}`), placeHolder: 'The TODO comment this item is about', matchOnDescription: true },
  );
  if (!pick) return;
  const { file, todo } = pick.entry;
  const item = todos.folder.backlog.snapshot.byId.get(check.item.id);
  if (!item) return;
  const links = item.links.map((l, i) => (i === check.index ? { path: file.path, line: todo.line, kind: 'todo' as const, anchor: todoAnchor(todo) } : l));
  const updated = await runItemOperation(folders, 'Re-link', () => todos.folder.backlog.update(item, { links }));
  if (updated) await writeMarkers([{ file: file.absolutePath, edit: markerEditFor(file, todo), id: item.id }], todos.markerFormat);
}
