/** Every node result of an analysis, subgraph bodies included, without recursion (bodies may nest deeply). */
import { NodeResult } from '../infer/engine';

export function allNodeResults(top: readonly NodeResult[]): NodeResult[] {
  const out: NodeResult[] = [];
  const stack: NodeResult[] = [...top].reverse();
  while (stack.length) {
    const r = stack.pop()!;
    out.push(r);
    for (let i = r.children.length - 1; i >= 0; i--) stack.push(r.children[i]);
  }
  return out;
}
