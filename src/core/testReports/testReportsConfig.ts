import { isMap, type Node, type YAMLMap } from 'yaml';

/** The `testReports:` section of config.yaml: where bug items for failing tests land. */
export interface TestReportsConfig {
  /** New items go to the top of the backlog (default: a failing test is news) or the bottom. */
  readonly placement: 'top' | 'bottom';
  /** Their priority; absent: the config's `defaultPriority`. */
  readonly priority?: string;
}

export const DEFAULT_TEST_REPORTS: TestReportsConfig = { placement: 'top' };

type Report = (node: Node | null | undefined, code: string, message: string, severity?: 'error' | 'warning') => void;

/**
 * Reads `testReports:`; anything unusable is reported at its line and replaced by the default.
 *
 * ```yaml
 * testReports:
 *   placement: top     # top (default) or bottom of the backlog
 *   priority: should   # one of priorities; default: defaultPriority
 * ```
 */
export function parseTestReportsConfig(root: YAMLMap, priorities: readonly string[], report: Report): TestReportsConfig {
  const section = root.get('testReports', true) as Node | undefined;
  if (section === undefined || section === null) return DEFAULT_TEST_REPORTS;
  if (!isMap(section)) {
    report(section, 'config-testReports', 'testReports must be a mapping (placement, priority)');
    return DEFAULT_TEST_REPORTS;
  }
  let placement = DEFAULT_TEST_REPORTS.placement;
  const placementNode = section.get('placement', true) as Node | undefined;
  if (placementNode !== undefined && placementNode !== null) {
    const v = placementNode.toJSON() as unknown;
    if (v === 'top' || v === 'bottom') placement = v;
    else report(placementNode, 'config-testReports', 'testReports.placement must be top or bottom');
  }
  const priorityNode = section.get('priority', true) as Node | undefined;
  let priority: string | undefined;
  if (priorityNode !== undefined && priorityNode !== null) {
    const v = priorityNode.toJSON() as unknown;
    if (typeof v === 'string' && priorities.includes(v)) priority = v;
    else report(priorityNode, 'config-testReports', `testReports.priority must be one of: ${priorities.join(', ')}`);
  }
  return { placement, ...(priority ? { priority } : {}) };
}
