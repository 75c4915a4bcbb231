/**
 * How Netron addresses what an attachment describes (lutzroeder/netron source/view.js, metadata.Attachment.Container
 * at 38591e39): an entry `{kind, target}` is keyed `kind::target` and a node, value or tensor finds it by
 * `kind::` + the first line of its own name, and only when that name is not empty. Netron's ONNX reader gives nodes no
 * `identifier`, so the `kind[identifier]` form never reaches an ONNX node: an unnamed node cannot be addressed.
 * Two objects whose names share a first line would both show the one entry, so such names are left out too.
 */

/** The key Netron looks an object up by: the first line of its name. */
export function netronTarget(name: string): string {
  return name.split('\n')[0];
}

export interface Addressing<T> {
  /** Objects Netron finds by exactly one target, with that target. */
  readonly addressed: { readonly item: T; readonly target: string }[];
  /** Objects left out because their target is shared with another object. */
  readonly shared: T[];
}

/** Splits `items` into those a unique, non-empty target addresses and those sharing one (empty names are dropped). */
export function addressable<T>(items: readonly T[], nameOf: (item: T) => string): Addressing<T> {
  const byTarget = new Map<string, T[]>();
  for (const item of items) {
    const target = netronTarget(nameOf(item));
    if (target === '') continue;
    const group = byTarget.get(target);
    if (group) group.push(item);
    else byTarget.set(target, [item]);
  }
  const addressed: { item: T; target: string }[] = [];
  const shared: T[] = [];
  for (const [target, group] of byTarget) {
    if (group.length === 1) addressed.push({ item: group[0], target });
    else shared.push(...group);
  }
  return { addressed, shared };
}
