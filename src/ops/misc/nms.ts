/**
 * NonMaxSuppression (10; 11 only clarified the threshold). The number of selected boxes is data-dependent: a
 * fresh symbol. So is the work of greedy suppression (IoU against each surviving box): cost unknown, not zero.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule } from '../types';

const differ = (a: Dim, b: Dim): boolean => a !== null && b !== null && a.isConst() && b.isConst() && !a.equals(b);

export const nmsRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'NonMaxSuppression', since: 10,
  infer: (ctx) => {
    const boxes = ctx.shape(0), scores = ctx.shape(1);
    if (boxes && (boxes.length !== 3 || differ(boxes[2], P.n(4)))) ctx.fail(`boxes must be [batches, boxes, 4], got [${boxes.map((d) => d?.toString() ?? '?').join(', ')}]`);
    if (scores && scores.length !== 3) ctx.fail(`scores must be [batches, classes, boxes], got rank ${scores.length}`);
    if (boxes && scores && (differ(boxes[0], scores[0]) || differ(boxes[1], scores[2]))) {
      ctx.fail(`boxes [${boxes[0]}, ${boxes[1]}, 4] and scores [${scores[0]}, ${scores[1]}, ${scores[2]}] disagree on batches or boxes`);
    }
    return [tensorType(DataType.INT64, [ctx.fresh('nms_selected'), P.n(3)])];
  },
  cost: () => unknownCost('NonMaxSuppression: suppression work depends on the data'),
  costNote: 'unknown: data-dependent',
}];
