import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrast, inkOn, luminance } from './colour';

describe('colour contrast (WCAG 2)', () => {
  it('spans 1 (a colour on itself) to 21 (black on white), in either order', () => {
    assert.equal(contrast('#ffffff', '#000000'), 21);
    assert.equal(contrast('#000000', '#ffffff'), 21);
    assert.equal(contrast('#0b5cad', '#0b5cad'), 1);
  });

  it('matches published reference values', () => {
    // #767676 is the lightest grey that passes 4.5:1 on white; #777777 just fails.
    assert.ok(contrast('#767676', '#ffffff') >= 4.5);
    assert.ok(contrast('#777777', '#ffffff') < 4.5);
    assert.equal(luminance('#808080').toFixed(4), '0.2159');
  });

  it('chooses the ink that reads better, and refuses what is not #rrggbb', () => {
    assert.equal(inkOn('#fcc30b'), '#000000');
    assert.equal(inkOn('#19486a'), '#ffffff');
    assert.throws(() => luminance('blue'));
    assert.throws(() => luminance('#fff'));
  });
});
