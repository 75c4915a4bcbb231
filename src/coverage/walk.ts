/** Every node result of an analysis, subgraph bodies included, without recursion (bodies may nest deeply). */
import { NodeResult } from '../infer/engine';

export function allNodeResults(top: readonly NodeResult[]): readonly NodeResult[] {
  // no bodies: the top-level list is the whole list (not copied: a million results on a large graph)
  let nested = false;
  for (let i = 0; i < top.length && !nested; i++) nested = top[i].children.length > 0;
  if (!nested) return top;
  const out: NodeResult[] = [];
  const stack: NodeResult[] = [...top].reverse();
  while (stack.length) {
    const r = stack.pop()!;
    out.push(r);
    for (let i = r.children.length - 1; i >= 0; i--) stack.push(r.children[i]);
  }
  return out;
}
