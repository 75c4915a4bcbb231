/**
 * The constants a file stores: initializers (dense and sparse) and Constant-node values, with their element count
 * and bytes at the stored width. Values are only read on request (content()), to recognise the same weights stored
 * twice.
 */
import { DataType, dtypeBits } from '../../ir/dtype';
import { Node, SparseTensor, Tensor } from '../../ir/model';

export interface Stored {
  /** Identity: the Tensor, SparseTensor or Constant node object (each stored tensor is tallied once). */
  readonly key: object;
  /** The name it is read by in its graph. */
  readonly name: string;
  readonly dtype: number;
  readonly dims: readonly bigint[];
  readonly elements: bigint;
  readonly bytes: bigint;
  /** The stored values as bytes; undefined when the file does not hold them (or external data is missing). */
  readonly content: () => Uint8Array | undefined;
}

function elementCount(dims: readonly bigint[]): bigint {
  if (dims.some((d) => d < 0n)) return 0n; // invalid dims: nothing countable, never a negative tally
  return dims.reduce((a, d) => a * d, 1n);
}

function bytesOf(dtype: number, elements: bigint, t: Tensor): bigint {
  if (t.data.kind === 'strings') return t.data.values.reduce((a, s) => a + BigInt(s.length), 0n);
  const bits = dtypeBits(dtype);
  return bits === undefined ? 0n : (elements * BigInt(bits) + 7n) / 8n;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function tensorContent(t: Tensor): Uint8Array | undefined {
  const d = t.data;
  try {
    switch (d.kind) {
      case 'raw': return d.bytes;
      case 'deferred': case 'external': return d.load();
      case 'typed': return text(`${d.field}:${(d.values as readonly (number | bigint)[]).join(',')}`);
      case 'strings': return text(d.values.map((v) => Buffer.from(v).toString('hex')).join(','));
      default: return undefined;
    }
  } catch {
    return undefined; // external data missing: not comparable
  }
}

/**
 * A tensor's elements and stored bytes, made once per tensor object: the decoder shares one value tensor among the
 * Constant nodes that encode it alike, and ~40 % of a PyTorch export's nodes are Constants (39,209 of
 * gpt2_blocks_100k's 99,628), most of them a few int64 values.
 */
const sizes = new WeakMap<Tensor, { readonly elements: bigint; readonly bytes: bigint; readonly content: () => Uint8Array | undefined }>();

export function storedTensor(t: Tensor, key: object = t, name: string = t.name): Stored {
  let size = sizes.get(t);
  if (!size) {
    const elements = elementCount(t.dims);
    size = { elements, bytes: bytesOf(t.dtype, elements, t), content: () => tensorContent(t) };
    sizes.set(t, size);
  }
  return { key, name, dtype: t.dtype, dims: t.dims, elements: size.elements, bytes: size.bytes, content: size.content };
}

/** A sparse tensor: its stored values are the non-zeros (bytes include the indices). */
export function storedSparse(s: SparseTensor, key: object = s, name: string = s.name): Stored {
  const values = storedTensor(s.values, key, name);
  const indices = storedTensor(s.indices, key, name);
  return { ...values, bytes: values.bytes + indices.bytes };
}

function storedList(key: object, name: string, dtype: number, values: readonly (number | bigint | string)[], bytes: bigint, scalar: boolean): Stored {
  return {
    key, name, dtype, dims: scalar ? [] : [BigInt(values.length)], elements: BigInt(values.length), bytes,
    content: () => text(`${dtype}:${values.join(',')}`),
  };
}

/** The value a Constant node stores, whichever attribute holds it (value, sparse_value, value_float(s), ...). */
export function storedConstant(n: Node, name: string = n.outputs[0]): Stored | undefined {
  if (!name) return undefined;
  for (const a of n.attributes.values()) {
    switch (a.type) {
      case 'tensor': if (a.name === 'value') return storedTensor(a.value, n, name); break;
      case 'sparse_tensor': return storedSparse(a.value, n, name);
      case 'float': return storedList(n, name, DataType.FLOAT, [a.value], 4n, true);
      case 'floats': return storedList(n, name, DataType.FLOAT, a.value, 4n * BigInt(a.value.length), false);
      case 'int': return storedList(n, name, DataType.INT64, [a.value], 8n, true);
      case 'ints': return storedList(n, name, DataType.INT64, a.value, 8n * BigInt(a.value.length), false);
      case 'string': return storedList(n, name, DataType.STRING, [a.value], BigInt(a.value.length), true);
      case 'strings': return storedList(n, name, DataType.STRING, a.value, a.value.reduce((s, x) => s + BigInt(x.length), 0n), false);
      default: break;
    }
  }
  return undefined;
}
