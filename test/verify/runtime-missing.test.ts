/**
 * onnxruntime-node is optional: loading it is one function, which names the install command when the package is
 * missing, and analyze never loads it.
 */
describe('the runtime loader', () => {
  afterEach(() => jest.resetModules());

  it('throws RuntimeMissingError naming the install command when onnxruntime-node cannot be required', () => {
    jest.isolateModules(() => {
      jest.doMock('onnxruntime-node', () => { throw Object.assign(new Error("Cannot find module 'onnxruntime-node'"), { code: 'MODULE_NOT_FOUND' }); });
      // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
      const { loadRuntime, RuntimeMissingError } = require('../../src/verify/runtime');
      expect(() => loadRuntime()).toThrow(RuntimeMissingError);
      expect(() => loadRuntime()).toThrow('onnxruntime-node is needed for this command and could not be loaded (not installed); install it with: npm install onnxruntime-node');
    });
  });

  it('analyze does not load onnxruntime-node', () => {
    jest.isolateModules(() => {
      const factory = jest.fn(() => ({}));
      jest.doMock('onnxruntime-node', factory);
      // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
      const { analyze } = require('../../src/index');
      // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
      const report = analyze(require('path').join(__dirname, '..', '..', 'fixtures', 'seed_pytorch_static.onnx'));
      expect(report.totals.macs).toBe('124904960');
      expect(factory).not.toHaveBeenCalled();
    });
  });
});
