/**
 * NonMaxSuppression (10; 11 only clarified the threshold). The number of selected boxes is data-dependent: a
 * fresh symbol, or the exact count when boxes, scores and the thresholds are known at analysis time (the greedy
 * selection is run as the spec states it). The work of suppression depends on the data: cost unknown, not zero.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';
import { scalarValue } from '../helpers/values';

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
    const known = selectedCount(ctx);
    return [tensorType(DataType.INT64, [known !== undefined ? P.n(known) : ctx.fresh('nms_selected'), P.n(3)])];
  },
  cost: () => unknownCost('NonMaxSuppression: suppression work depends on the data'),
  costNote: 'unknown: data-dependent',
}];

/** Corners [y1, x1, y2, x2] (any diagonal order) or centre form [xc, yc, w, h] as [ymin, xmin, ymax, xmax]. */
function corners(b: readonly number[], centerPoint: boolean): [number, number, number, number] {
  if (centerPoint) {
    const [xc, yc, w, h] = b;
    return [yc - h / 2, xc - w / 2, yc + h / 2, xc + w / 2];
  }
  return [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
}

function iou(a: readonly number[], b: readonly number[]): number {
  const ih = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iw = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ih * iw;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * The number of selected boxes when boxes, scores and the optional inputs are known: per batch and class, boxes
 * by descending score, dropping those scoring less than score_threshold, each kept unless its IoU with a kept box
 * is strictly greater than iou_threshold, at most max_output_boxes_per_class (default 0: none).
 */
function selectedCount(ctx: RuleContext): number | undefined {
  const boxes = ctx.value(0), scores = ctx.value(1);
  if (!boxes?.floats || !scores?.floats || boxes.shape.length !== 3 || scores.shape.length !== 3) return undefined;
  const optional = (i: number, dflt: number | undefined): number | undefined | null =>
    (ctx.has(i) ? scalarValue(ctx, i) ?? null : dflt);
  // torchvision's export writes max_output_boxes_per_class = INT64_MAX (sys.maxsize): no limit, not an unknown
  const bigMax = ctx.has(2) ? ctx.value(2)?.ints?.[0]?.value : undefined;
  const maxOut = bigMax !== undefined && bigMax > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : optional(2, 0);
  const iouTh = optional(3, 0), scoreTh = optional(4, undefined);
  if (maxOut === null || iouTh === null || scoreTh === null || maxOut === undefined || iouTh === undefined) return undefined;
  const [batches, n] = boxes.shape;
  const classes = scores.shape[1];
  const centerPoint = ctx.attrs.int('center_point_box', 0) === 1;
  let total = 0;
  for (let b = 0; b < batches; b++) {
    const box = (i: number): [number, number, number, number] => corners(boxes.floats!.slice((b * n + i) * 4, (b * n + i) * 4 + 4), centerPoint);
    for (let c = 0; c < classes; c++) {
      const score = (i: number): number => scores.floats![(b * classes + c) * n + i];
      const order = Array.from({ length: n }, (_, i) => i)
        .filter((i) => scoreTh === undefined || score(i) >= scoreTh)
        .sort((x, y) => score(y) - score(x) || x - y);
      const kept: number[] = [];
      for (const i of order) {
        if (kept.length >= maxOut) break;
        if (kept.every((k) => iou(box(i), box(k)) <= iouTh)) kept.push(i);
      }
      total += kept.length;
    }
  }
  return total;
}
