import { DataType } from '../../../src/ir/dtype';
import { constTensor, model, node } from '../../helpers/builders';
import { run } from './run';

describe('NonMaxSuppression with known boxes and scores selects exactly (opset 10, 11)', () => {
  // Three boxes [y1, x1, y2, x2]: A = [0,0,1,1], B = [0,0.1,1,1.1] (IoU with A = 0.9/1.1 ≈ 0.818), C = [0,5,1,6] (disjoint).
  const boxes = constTensor('boxes', DataType.FLOAT, [1, 3, 4], [0, 0, 1, 1, 0, 0.1, 1, 1.1, 0, 5, 1, 6]);
  const scores = constTensor('scores', DataType.FLOAT, [1, 1, 3], [0.9, 0.8, 0.7]);
  const scalar = (name: string, dtype: number, v: number) => constTensor(name, dtype, [], [v]);
  const nms = (opset: number, maxOut: number, iou: number, scoreTh?: number) => run(model(
    [node('NonMaxSuppression', ['boxes', 'scores', 'max', 'iou', ...(scoreTh === undefined ? [] : ['st'])], ['sel'])],
    { opset, initializers: [boxes, scores, scalar('max', DataType.INT64, maxOut), scalar('iou', DataType.FLOAT, iou),
      ...(scoreTh === undefined ? [] : [scalar('st', DataType.FLOAT, scoreTh)])] },
  ));
  it.each([10, 11])('opset %i', (opset) => {
    // iou 0.5: A kept, B suppressed (0.818 > 0.5), C kept → 2
    expect(nms(opset, 10, 0.5).shape()).toBe('[2, 3]');
    // iou 0.9: B survives (0.818 ≤ 0.9) → 3
    expect(nms(opset, 10, 0.9).shape()).toBe('[3, 3]');
    // at most 1 per class → 1
    expect(nms(opset, 1, 0.9).shape()).toBe('[1, 3]');
    // score threshold 0.75 drops C (0.7 < 0.75); iou 0.9 keeps A and B → 2
    expect(nms(opset, 10, 0.9, 0.75).shape()).toBe('[2, 3]');
  });
});

describe('StringNormalizer with a known input keeps exactly the strings that are not stop words', () => {
  const input = (values: string[]) => ({
    name: 'x', dtype: DataType.STRING, dims: [BigInt(values.length)],
    data: { kind: 'strings' as const, values: values.map((v) => Buffer.from(v)) },
  });
  const norm = (values: string[], attrs: Record<string, string[] | number | string>) => run(model(
    [node('StringNormalizer', ['x'], ['y'], attrs)], { opset: 10, initializers: [input(values)] },
  ));
  it('case-insensitive by default: monday, Monday and MONDAY all go, 3 of 5 kept', () => {
    expect(norm(['monday', 'tuesday', 'Monday', 'wednesday', 'thursday'], { stopwords: ['MONDAY'] }).shape()).toBe('[3]');
  });
  it('case-sensitive: only the exact word goes, 4 of 5 kept', () => {
    expect(norm(['monday', 'tuesday', 'Monday', 'wednesday', 'thursday'], { stopwords: ['monday'], is_case_sensitive: 1 }).shape()).toBe('[4]');
  });
  it('every string removed: one empty string remains, [1]', () => {
    expect(norm(['monday', 'monday'], { stopwords: ['monday'] }).shape()).toBe('[1]');
  });
});
