/**
 * Jest's node environment runs tests in a separate V8 context with its own typed-array constructors, while
 * onnxruntime-node's native binding creates output tensors with the main context's. onnxruntime-common then
 * rejects them ("A float32 tensor's data must be type of function Float32Array()"). Tests that run the runtime
 * use this environment, which shares the main context's typed arrays and ArrayBuffer with the sandbox.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array',
  'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) if (globalThis[name]) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
