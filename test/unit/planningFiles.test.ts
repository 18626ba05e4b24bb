import * as assert from 'node:assert/strict';
import { byDateThenId, findPlanningFile, renderPlanningFile } from '../../src/core/planning/planningFrontMatter';
import { renderMilestoneFile } from '../../src/core/planning/milestoneFile';
import { renderSprintFile } from '../../src/core/planning/sprintFile';

describe('planning files (sprints, milestones): written, found and ordered alike', () => {
  it('writes the given keys first, then the others, leaving undefined out, the body after a blank line', () => {
    assert.equal(renderPlanningFile({ extra: 1, goal: undefined, name: 'R1', target: '2027-01-04' }, ['name', 'target', 'goal'], '## Notes\n'), '---\nname: R1\ntarget: 2027-01-04\nextra: 1\n---\n\n## Notes\n');
    assert.equal(renderPlanningFile({ name: 'R1' }, ['name'], ''), '---\nname: R1\n---\n');
    assert.equal(renderMilestoneFile({ goal: 'Ship', name: 'R1' }, '\n## Scope\n'), '---\nname: R1\ngoal: Ship\n---\n\n## Scope\n');
    assert.equal(renderSprintFile({ capacity: 8, end: '2027-01-15', name: 'S1', start: '2027-01-04' }, ''), '---\nname: S1\nstart: 2027-01-04\nend: 2027-01-15\ncapacity: 8\n---\n');
  });

  it('finds one by id first, then by id or display name without case', () => {
    const files = [{ id: 'r1', name: 'R2' }, { id: 'r2', name: 'Release Two' }, { id: 'R2', name: 'x' }];
    assert.equal(findPlanningFile(files, 'R2'), files[2], 'an exact id wins over a name');
    assert.equal(findPlanningFile(files, 'release two'), files[1]);
    assert.equal(findPlanningFile(files, 'R1'), files[0]);
    assert.equal(findPlanningFile(files, 'nope'), undefined);
    assert.equal(findPlanningFile(files, undefined), undefined);
  });

  it('orders by date, undated last, then by id', () => {
    const order = byDateThenId<{ id: string; start?: string }>((f) => f.start);
    const files = [{ id: 'c' }, { id: 'b', start: '2027-02-01' }, { id: 'a' }, { id: 'z', start: '2027-01-01' }, { id: 'y', start: '2027-02-01' }];
    assert.deepEqual([...files].sort(order).map((f) => f.id), ['z', 'b', 'y', 'a', 'c']);
  });
});
