import * as vscode from 'vscode';

/** Report files most runners write by default or by their usual configuration. */
export const DEFAULT_REPORT_GLOBS: readonly string[] = ['**/junit*.xml', '**/TEST-*.xml', '**/*.trx', '**/test-results/**/*.xml', '**/reports/**/*.xml'];

/** The `repoBacklog.testReports.*` settings of one workspace folder. */
export interface TestReportSettings {
  /** Globs, relative to the folder, of report files to import when they change. */
  readonly include: readonly string[];
  readonly autoImport: boolean;
  /** Move an item to done when its test passes again. */
  readonly closePassing: boolean;
}

export const SETTINGS_SECTION = 'repoBacklog.testReports';

export function testReportSettings(folder: vscode.WorkspaceFolder): TestReportSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri);
  const include = c.get<unknown>('include');
  return {
    include: Array.isArray(include) ? include.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_REPORT_GLOBS,
    autoImport: c.get<boolean>('autoImport', true) !== false,
    closePassing: c.get<boolean>('closePassing', false) === true,
  };
}
