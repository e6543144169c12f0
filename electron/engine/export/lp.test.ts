import { expect, it } from 'vitest';
import { feasible } from './lp.js';

const system = (rows: [[number, number][], number][], variables: number, nonNegative: number[]) => ({
  rows: rows.map(([terms, rhs]) => ({ terms, rhs })),
  variables,
  nonNegative: new Set(nonNegative),
});

it('answers whether equalities with some non-negative variables have a solution', () => {
  // x + y = 1 with x, y ≥ 0: yes. x + y = −1: no. With y free: yes (y = −1).
  expect(feasible(system([[[[0, 1], [1, 1]], 1]], 2, [0, 1]))).toBe(true);
  expect(feasible(system([[[[0, 1], [1, 1]], -1]], 2, [0, 1]))).toBe(false);
  expect(feasible(system([[[[0, 1], [1, 1]], -1]], 2, [0]))).toBe(true);
  // A hidden zero z in a line with another zero w (z + w = 0, both ≥ 0) cannot rise to 1…
  expect(feasible(system([[[[0, 1], [1, 1]], 0], [[[0, 1]], 1]], 2, [0, 1]))).toBe(false);
  // …but beside a positive cell p (free to fall: z + p = 0 as a change) it can.
  expect(feasible(system([[[[0, 1], [1, 1]], 0], [[[0, 1]], 1]], 2, [0]))).toBe(true);
  // z − t = 0, t + u = 0, u − z = 0 (t, u free): z = t = −u = −z forces z = 0; with u + z = 0
  // instead the same cycle lets z be anything.
  expect(feasible(system([[[[0, 1], [1, -1]], 0], [[[1, 1], [2, 1]], 0], [[[2, 1], [0, -1]], 0], [[[0, 1]], 1]], 3, [0]))).toBe(false);
  expect(feasible(system([[[[0, 1], [1, -1]], 0], [[[1, 1], [2, 1]], 0], [[[2, 1], [0, 1]], 0], [[[0, 1]], 1]], 3, [0]))).toBe(true);
});
