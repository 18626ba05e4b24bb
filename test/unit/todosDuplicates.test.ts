import * as assert from 'node:assert/strict';
import { likelyDuplicatesOf } from '../../src/core/planning/duplicates';

describe('likely duplicates of items about to be captured', () => {
  it('matches each new title against existing items only, most similar first', () => {
    const items = [
      { id: 'BL-1', title: 'Handle errors when the upload fails' },
      { id: 'BL-2', title: 'Handle upload errors' },
      { id: 'BL-3', title: 'Export the sprint report as CSV' },
      // Two existing items alike are grooming's business, not the capture's.
      { id: 'BL-4', title: 'Export the sprint report as CSV file' },
    ];
    const found = likelyDuplicatesOf(['Handle upload errors properly', 'Rename the settings page', 'Rename the settings page'], items, 0.5);
    assert.deepEqual(found[0].map((d) => d.id), ['BL-2', 'BL-1']);
    assert.equal(found[0][0].title, 'Handle upload errors');
    assert.ok(found[0][0].similarity > found[0][1].similarity);
    assert.deepEqual(found[1], [], 'two new comments alike are not duplicates of an item');
    assert.deepEqual(found[2], []);
  });
});
