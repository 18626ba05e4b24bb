// One query language, one table of cases, every place a user types a query: the tree filter, the
// board filter (matched by the host, laid out by the board), Go to Item (and the MCP search,
// which share searchItems) and the CLI's `list --query`.
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { buildBoardSnapshot } from '../../src/core/board/boardCard';
import { layoutBoard } from '../../src/core/board/boardLayout';
import { DEFAULT_VIEW } from '../../src/core/board/boardView';
import { parseQuery } from '../../src/core/query';
import { searchItems } from '../../src/core/searchItems';
import { nodeFiles } from '../../src/node/nodeFiles';
import { buildTreeModel } from '../../src/tree/treeModel';
import { cli } from './support/cli';

const ITEMS = [
  { title: 'Login page crash', type: 'bug', status: 'In Progress', labels: ['auth', 'ui'], priority: 'must', assignee: 'kim', points: 3, body: 'Users see a stack trace after the SSO redirect.\n', waitsFor: ['Login with SSO'] },
  // Ready: to do, estimated, described, with acceptance criteria and nothing in its way.
  { title: 'Export CSV', type: 'feature', status: 'Backlog', assignee: '@dana', points: 8, sprint: 's1', body: 'Finance wants quarterly totals.\n\n## Acceptance criteria\n\n- [ ] One row per quarter\n' },
  { title: 'Login with SSO', type: 'feature', status: 'Done', labels: ['auth', 'sso'], priority: 'could', body: 'See the OAuth2 spec.\n' },
  { title: 'Dark theme', type: 'chore', status: 'Ready', labels: ['ui'], sprint: 's1', body: 'Contrast must meet WCAG AA.\n', waitsFor: ['Export CSV'] },
];
const [CRASH, CSV, SSO, DARK] = ITEMS.map((i) => i.title);

/** [query, the titles it keeps]. */
const CASES: readonly (readonly [string, readonly string[]])[] = [
  ['', [CRASH, CSV, SSO, DARK]],
  ['login', [CRASH, SSO]],
  ['LOGIN sso', [CRASH, SSO]], // the crash's description mentions SSO
  ['quarterly', [CSV]], // description only
  ['stack trace', [CRASH]],
  ['"stack trace"', [CRASH]],
  ['"trace stack"', []],
  ['-auth', [CSV, DARK]],
  ['dana', [CSV]],
  ['assignee:dana', [CSV]],
  ['assignee:@DANA', [CSV]],
  ['assignee:none', [SSO, DARK]],
  ['type:bug', [CRASH]],
  ['-type:bug', [CSV, SSO, DARK]],
  ['type:bug,chore', [CRASH, DARK]],
  ['label:ui', [CRASH, DARK]],
  ['label:auth,sso', [CRASH, SSO]],
  ['label:none', [CSV]],
  ['status:"In Progress"', [CRASH]],
  ['-status:done', [CRASH, CSV, DARK]],
  ['priority:must', [CRASH]],
  ['priority:none', [CSV, DARK]],
  ['sprint:s1', [CSV, DARK]],
  ['sprint:none', [CRASH, SSO]],
  ['is:open', [CRASH, CSV, DARK]],
  ['is:doing', [CRASH]],
  ['is:done', [SSO]],
  ['is:estimated', [CRASH, CSV]],
  ['points:>3', [CSV]],
  ['points:<=3', [CRASH]],
  ['points:none', [SSO, DARK]],
  ['title:login -label:sso', [CRASH]],
  ['parent:$EPIC', [CRASH, SSO]], // $EPIC: the id the epic gets
  ['-parent:none', [CRASH, SSO]],
  ['ui is:open priority:must', [CRASH]],
  // The crash waits for SSO, which is done; the dark theme waits for the CSV export, which is not.
  ['is:blocked', [DARK]],
  ['-is:blocked', [CRASH, CSV, SSO]],
  ['is:ready', [CSV]],
  ['is:ready,blocked', [CSV, DARK]],
  ['blockedby:$CSV', [DARK]], // $CSV, $SSO, $DARK: the ids those items get
  ['blockedby:$SSO,$CSV', [CRASH, DARK]],
  ['blockedby:none', [CSV, SSO]],
  ['blocks:$DARK', [CSV]],
  ['-blocks:none', [CSV, SSO]],
];

describe('the query language, through every place a query is typed', function () {
  this.timeout(20_000);
  let backlog: Backlog;
  /** `$EPIC`, `$CSV`, `$SSO`, `$DARK` in a case: the ids those items got. */
  const ids = new Map<string, string>();
  const withIds = (query: string) => query.replace(/\$[A-Z]+/g, (name) => ids.get(name) ?? name);
  const titleOf = (id: string) => backlog.snapshot.byId.get(id)!.title;
  const sorted = (titles: readonly string[]) => [...titles].sort();

  const entryPoints: Record<string, (query: string) => Promise<string[]> | string[]> = {
    'tree filter': (query) =>
      buildTreeModel(backlog.snapshot, { groupBy: 'none', query: parseQuery(query) }).flatMap((g) => g.items.map((i) => i.title)),
    'board filter': (query) => {
      const snapshot = buildBoardSnapshot([{ root: backlog.root, name: 'test' }], backlog.snapshot, query);
      return [...layoutBoard(snapshot, { ...DEFAULT_VIEW, query }).positions.keys()].map(titleOf);
    },
    'Go to Item and the MCP search': (query) => searchItems(backlog.snapshot.items, query, backlog.snapshot).map((i) => i.title),
    'CLI list --query': async (query) => {
      // `--query=…`: a query may start with "-" (node's parseArgs takes `--query -x` for a missing value).
      const r = await cli(backlog.root, 'list', '--json', `--query=${query}`);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { id: string }[]).map((i) => titleOf(i.id));
    },
  };

  before(async () => {
    backlog = new Backlog(mkdtempSync(join(tmpdir(), 'query-language-')), nodeFiles, { cache: false });
    await backlog.load();
    await backlog.init('QL');
    // Two of them are children of an epic; the epic itself is not in the table's items.
    const epic = await backlog.create({ title: 'Auth epic', type: 'epic', body: 'Everything about signing in.\n' });
    ids.set('$EPIC', epic.id);
    const idOf = new Map<string, string>();
    for (const { waitsFor: _, ...i } of ITEMS) idOf.set(i.title, (await backlog.create({ ...i, ...(i.labels?.includes('auth') ? { parent: epic.id } : {}) })).id);
    for (const [name, title] of [['$CSV', CSV], ['$SSO', SSO], ['$DARK', DARK]]) ids.set(name, idOf.get(title)!);
    for (const i of ITEMS) if (i.waitsFor) await backlog.update(idOf.get(i.title)!, { blockedBy: i.waitsFor.map((t) => idOf.get(t)!) });
  });

  for (const [name, run] of Object.entries(entryPoints)) {
    describe(name, () => {
      for (const [query, expected] of CASES) {
        it(`${JSON.stringify(query)} keeps ${expected.length ? expected.join(', ') : 'nothing'}`, async () => {
          // Only the table's items are compared (the epic is there to be a parent).
          const kept = (await run(withIds(query))).filter((t) => ITEMS.some((i) => i.title === t));
          assert.deepEqual(sorted(kept), sorted(expected));
        });
      }
    });
  }

  it('what a query gets wrong is said: the CLI stops, the board and the tree keep the rest and show it', async () => {
    const r = await cli(backlog.root, 'list', '--json', '--query=colour:red is:open');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--query: Unknown field "colour:"/);
    assert.equal(r.stdout, '');
    const board = buildBoardSnapshot([{ root: backlog.root, name: 'test' }], backlog.snapshot, 'is:later login');
    assert.deepEqual(board.matches?.problems, ['"is:later" is not a state: use open, todo, doing, done, blocked, ready, linked, estimated.']);
    assert.deepEqual(board.matches?.ids, [], 'an unknown state matches nothing');
  });
});
