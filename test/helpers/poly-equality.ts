/**
 * Polys are canonical values: equal polynomials have equal keys (src/ir/poly.ts). Their lazily cached key and text
 * are not part of the value, so `toEqual` compares two Polys by key — a Poly whose key some code already asked for
 * (the engine's interning does, src/infer/intern.ts) equals a fresh one of the same polynomial.
 */
import { expect } from '@jest/globals'; // its Expect type has addEqualityTesters (jest 29.4+); @types/jest's has not
import { Poly } from '../../src/ir/poly';

expect.addEqualityTesters([
  (a: unknown, b: unknown): boolean | undefined => (a instanceof Poly && b instanceof Poly ? a.key === b.key : undefined),
]);
