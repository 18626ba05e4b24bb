import * as vscode from 'vscode';
import { DEFAULT_MARKER_FORMAT, markerFormatProblem } from '../core/todos/capture';
import { enabledGlobs } from '../core/todos/excludes';
import { DEFAULT_TAGS, type TodoScanOptions } from '../core/todos/scanner';

/** `repoBacklog.todos.*` for one workspace folder, with the editor's own excludes folded in. */
export interface TodoSettings {
  readonly enabled: boolean;
  readonly tags: readonly string[];
  /** Also read tags in another case (`todo:`); off for precision. */
  readonly ignoreCase: boolean;
  /** Read `@todo` (JSDoc, PHPDoc) in any case; on, as an `@` tag is never prose. */
  readonly atTags: boolean;
  /** Read `- [ ] task` lines in Markdown; opt-in. */
  readonly markdownTasks: boolean;
  /** How an id is written into a comment; contains `{id}` or `{refs}`. */
  readonly markerFormat: string;
  /** `repoBacklog.todos.exclude` plus the enabled globs of `files.exclude` and `search.exclude`. */
  readonly exclude: readonly string[];
  readonly codeLens: boolean;
  /** Problems with the settings themselves, to show once instead of failing silently. */
  readonly problems: readonly string[];
}

export const TODO_SETTINGS_SECTION = 'repoBacklog.todos';

export function readTodoSettings(folder: vscode.WorkspaceFolder): TodoSettings {
  const own = vscode.workspace.getConfiguration(TODO_SETTINGS_SECTION, folder.uri);
  const problems: string[] = [];
  let tags = own.get<unknown>('tags', DEFAULT_TAGS);
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && /^[^\s()]+$/.test(t))) {
    problems.push('repoBacklog.todos.tags must be a list of words without spaces or parentheses; using the default tags');
    tags = DEFAULT_TAGS;
  }
  if ((tags as string[]).length === 0) tags = DEFAULT_TAGS;
  let markerFormat = own.get<unknown>('markerFormat', DEFAULT_MARKER_FORMAT);
  const formatProblem = markerFormatProblem(markerFormat);
  if (formatProblem) {
    problems.push(`repoBacklog.todos.markerFormat ${formatProblem}; using "${DEFAULT_MARKER_FORMAT}"`);
    markerFormat = DEFAULT_MARKER_FORMAT;
  }
  const ownExclude = own.get<unknown>('exclude', []);
  const exclude = [
    ...(Array.isArray(ownExclude) ? ownExclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : []),
    ...enabledGlobs(vscode.workspace.getConfiguration('files', folder.uri).get('exclude')),
    ...enabledGlobs(vscode.workspace.getConfiguration('search', folder.uri).get('exclude')),
  ];
  return {
    enabled: own.get<boolean>('enabled', true) !== false,
    tags: tags as string[],
    ignoreCase: own.get<boolean>('ignoreCase', false) === true,
    atTags: own.get<boolean>('atTags', true) !== false,
    markdownTasks: own.get<boolean>('markdownTasks', false) === true,
    markerFormat: markerFormat as string,
    exclude,
    codeLens: own.get<boolean>('codeLens', true) !== false,
    problems,
  };
}

/** The scanner options these settings ask for (the id prefix comes from the backlog config). */
export function todoScanOptions(settings: TodoSettings, idPrefix: string): TodoScanOptions {
  return { tags: settings.tags, idPrefix, caseSensitive: !settings.ignoreCase, atTags: settings.atTags, markdownTasks: settings.markdownTasks };
}

/** True when a configuration change can change what the TODO scan finds. */
export function affectsTodoScan(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(TODO_SETTINGS_SECTION) || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude');
}
