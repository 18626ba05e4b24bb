import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, defaultConfigText, parseConfig } from '../../src/core/config';

describe('config.yaml', () => {
  it('the file init writes parses to the defaults without problems', () => {
    const { config, problems } = parseConfig('/c.yaml', defaultConfigText('ABC'));
    assert.deepEqual(problems, []);
    assert.deepEqual(config, { ...DEFAULT_CONFIG, idPrefix: 'ABC' });
  });

  it('reads custom statuses, wip limits, types and priorities', () => {
    const { config, problems } = parseConfig('/c.yaml', 'statuses:\n  - To do\n  - name: Doing\n    category: doing\n    wip: 2\n  - name: Shipped\n    category: done\ntypes: [story, bug]\npriorities: [P0, P1]\ndefaultStatus: Doing\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.statuses, [{ name: 'To do', category: 'todo' }, { name: 'Doing', category: 'doing', wip: 2 }, { name: 'Shipped', category: 'done' }]);
    assert.equal(config.defaultType, 'story');
    assert.equal(config.defaultStatus, 'Doing');
    assert.deepEqual(config.priorities, ['P0', 'P1']);
  });

  it('reports bad values at their line and falls back to defaults', () => {
    const { config, problems } = parseConfig('/c.yaml', 'idPrefix: lower\nstatuses:\n  - name: A\n    category: sideways\ntypes: []\n');
    assert.equal(config.idPrefix, 'BL');
    assert.deepEqual(config.statuses, DEFAULT_CONFIG.statuses);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['config-prefix', 1], ['config-status', 3], ['config-types', 5]]);
  });

  it('reports invalid YAML with its line', () => {
    const { config, problems } = parseConfig('/c.yaml', 'idPrefix: AB\nstatuses: [unclosed\n');
    assert.equal(config, DEFAULT_CONFIG);
    assert.equal(problems[0].code, 'yaml');
    assert.ok(problems[0].line >= 2);
  });
});
