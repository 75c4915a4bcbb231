/** TensorProto.DataType numbers (onnx.proto) with names and element sizes in bits. */
export enum DataType {
  UNDEFINED = 0, FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8,
  BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, COMPLEX64 = 14, COMPLEX128 = 15, BFLOAT16 = 16,
  FLOAT8E4M3FN = 17, FLOAT8E4M3FNUZ = 18, FLOAT8E5M2 = 19, FLOAT8E5M2FNUZ = 20, UINT4 = 21, INT4 = 22,
  FLOAT4E2M1 = 23, FLOAT8E8M0 = 24, UINT2 = 25, INT2 = 26,
}

const BITS: Record<number, number> = {
  1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 14: 64, 15: 128, 16: 16,
  17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4, 24: 8, 25: 2, 26: 2,
};

/** Element size in bits, or undefined for strings and unknown enum values (decoded as plain numbers). */
export function dtypeBits(dt: number): number | undefined {
  return BITS[dt];
}

/** Lower-case ONNX name (float, int64, float8e4m3fn...) or `dtype(N)` for an enum value this build does not know. */
export function dtypeName(dt: number): string {
  const n = DataType[dt];
  return n === undefined ? `dtype(${dt})` : n.toLowerCase();
}

export function dtypeFromName(name: string): number | undefined {
  const v = (DataType as unknown as Record<string, number>)[name.toUpperCase()];
  return typeof v === 'number' ? v : undefined;
}

export function isFloatType(dt: number): boolean {
  return [1, 10, 11, 16, 17, 18, 19, 20, 23, 24].includes(dt);
}
