/**
 * The `cpu` hardware profile, measured on this machine with onnxruntime-node (loaded lazily, as all of verify/):
 * a large float32 MatMul gives the peak FLOP/s (2·N³ FLOPs per node), a large Add the memory bandwidth (two inputs
 * read and one output written per node). Each is the fastest kernel time of several profiled runs after warm-up, with onnxruntime's default
 * optimizations and threads (what `verify --time` measures against). Only float32 is measured: the roofline uses
 * float32's peak for other element types on this profile.
 */
import * as os from 'os';
import * as path from 'path';
import { DataType } from '../ir/dtype';
import { encodeModel } from '../io/build-model';
import { HardwareProfile } from '../memory/hardware';
import { ProfileEvent, takeProfileEvents } from './profile';
import { createSession, loadRuntime, runtimeVersion } from './runtime';

export interface CalibrationOptions {
  /** MatMul size N (N×N by N×N). */
  readonly matmulN?: number;
  /** Add length in float32 elements. */
  readonly addElements?: number;
  /** Measured runs per kernel (the best counts). */
  readonly runs?: number;
}

const DEFAULTS = { matmulN: 1024, addElements: 1 << 24, runs: 5 };


/**
 * Seconds the kernel of op(x, w) takes: the fastest of `runs` profiled runs after warm-up, read from onnxruntime's
 * own profile (kernel time only: feeding inputs and copying the output back are not part of it).
 */
async function fastestKernel(opType: string, x: readonly number[], w: readonly number[], runs: number): Promise<number> {
  // The measured node's output feeds a ReduceMax whose one-element result is the graph output: copying a large
  // output back to JavaScript after every run would cost more than the kernel (and it is not timed anyway).
  const bytes = encodeModel({
    opset: 13,
    nodes: [{ opType, inputs: ['x', 'w'], outputs: ['y'] }, { opType: 'ReduceMax', inputs: ['y'], outputs: ['z'] }],
    inputs: [{ name: 'x', dtype: DataType.FLOAT, shape: x }, { name: 'w', dtype: DataType.FLOAT, shape: w }],
    outputs: [{ name: 'z', dtype: DataType.FLOAT, shape: x.map(() => 1) }],
  });
  const prefix = path.join(os.tmpdir(), `onnxscope-calibrate-${process.pid}-${Date.now().toString(36)}`);
  const session = await createSession(bytes, { graphOptimizationLevel: 'all', enableProfiling: true, profileFilePrefix: prefix });
  let events: ProfileEvent[] = [];
  try {
    const T = loadRuntime().Tensor;
    const tensor = (shape: readonly number[]): InstanceType<typeof T> => {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = (i & 1023) / 1024 - 0.5;
      return new T('float32', data, [...shape]);
    };
    const feeds = { x: tensor(x), w: tensor(w) };
    for (let i = 0; i < runs + 2; i++) await session.run(feeds);
  } finally {
    session.endProfiling();
    await session.release();
    events = takeProfileEvents(prefix);
  }
  // the first two runs warm up (allocation, thread pool, page faults)
  const times = events.filter((e) => e.cat === 'Node' && e.name === `${opType}_0_kernel_time`).map((e) => (e.dur ?? 0) / 1e6).slice(2);
  if (!times.length) throw new Error(`calibration: onnxruntime's profile shows no ${opType} kernel`);
  return Math.min(...times.filter((t) => t > 0));
}

export async function calibrateCpu(options: CalibrationOptions = {}): Promise<HardwareProfile> {
  const { matmulN: n, addElements: m, runs } = { ...DEFAULTS, ...options };
  const mm = await fastestKernel('MatMul', [n, n], [n, n], runs);
  const add = await fastestKernel('Add', [m], [m], runs);
  const flops = (2 * n * n * n) / mm;
  const bandwidth = (3 * m * 4) / add;
  return {
    name: 'cpu',
    source: `measured on this machine with onnxruntime-node ${runtimeVersion()}: a ${n}×${n}·${n}×${n} float32 MatMul `
      + `${(mm * 1e3).toFixed(2)} ms = ${(flops / 1e9).toFixed(1)} GFLOP/s; an Add of two ${m}-element float32 tensors `
      + `${(add * 1e3).toFixed(2)} ms = ${(bandwidth / 1e9).toFixed(1)} GB/s (kernel times from onnxruntime's profile, fastest of ${runs} runs)`,
    peakFlops: { float32: flops },
    bandwidth,
  };
}
