import { describe, expectTypeOf, it } from 'vitest';
import type { AnalyzerEvent } from '../../src/analysis/index.js';
import type { WalkEvent } from '../../src/discovery/types.js';

describe('the analyzer input contract', () => {
  it("accepts discovery's WalkEvent as it is (checked by the type checker)", () => {
    expectTypeOf<WalkEvent>().toMatchTypeOf<AnalyzerEvent>();
  });
});
