/**
 * src/cli/tiering.ts: a CLI run starts with V8's tier-up budget for a short run and goes back to V8's default once
 * decoding has met LONG_RUN_NODES main-graph nodes, while the model is still being decoded. Observed through the one
 * call that sets V8 flags (v8.setFlagsFromString); on a V8 other than the one it was measured on, nothing is set.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { millionModel } from '../scale/million';

// the module object itself (an import * would be a copy of getters that cannot be spied on): what tiering.ts calls
// eslint-disable-next-line @typescript-eslint/no-var-requires
const v8 = require('v8') as typeof import('v8');

const MEASURED = /^11\.3\./.test(process.versions.v8);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-tiering-'));

/** A file of millionModel(blocks): 4 main-graph nodes a block. */
function chainFile(blocks: number): string {
  const file = path.join(dir, `chain_${blocks}.onnx`);
  fs.writeFileSync(file, millionModel(blocks));
  return file;
}

/** The tiering and model-loading modules afresh (tiering.ts remembers a long run), with the flag calls recorded. */
function fresh(): { flags: string[]; tiering: typeof import('../../src/cli/tiering'); source: typeof import('../../src/cli/source') } {
  const flags: string[] = [];
  jest.spyOn(v8, 'setFlagsFromString').mockImplementation((f: string) => { flags.push(f); });
  let tiering!: typeof import('../../src/cli/tiering');
  let source!: typeof import('../../src/cli/source');
  jest.isolateModules(() => {
    tiering = require('../../src/cli/tiering');
    source = require('../../src/cli/source');
  });
  return { flags, tiering, source };
}

afterEach(() => {
  jest.restoreAllMocks();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('V8 tier-up timing of a CLI run', () => {
  it('starts with the short-run budget', () => {
    const { flags, tiering } = fresh();
    tiering.tuneForShortRun();
    expect(flags).toEqual(MEASURED ? ['--interrupt-budget=300000'] : []);
  });

  it('leaves a budget given on node\'s command line as it is', () => {
    const { flags, tiering, source } = fresh();
    const execArgv = process.execArgv;
    process.execArgv = [...execArgv, '--interrupt-budget=123456'];
    try {
      tiering.tuneForShortRun();
      source.loadModelArg(chainFile(3000));
    } finally {
      process.execArgv = execArgv;
    }
    expect(flags).toEqual([]);
  });

  it('keeps it through a model of fewer main-graph nodes than LONG_RUN_NODES', () => {
    const { flags, tiering, source } = fresh();
    expect(tiering.LONG_RUN_NODES).toBe(4096);
    // 1,023 blocks × 4 = 4,092 nodes: one block short of the threshold
    const model = source.loadModelArg(chainFile(1023));
    expect(model.graph.nodes.length).toBe(4092);
    expect(flags).toEqual([]);
  });

  it('goes back to V8\'s default while a model of LONG_RUN_NODES nodes or more is decoded, once', () => {
    const { flags, source } = fresh();
    const atProgress: number[] = [];
    // 3,000 blocks × 4 = 12,000 nodes: the decoder reports progress at 4,096 and 8,192 nodes
    const model = source.loadModelArg(chainFile(3000), () => atProgress.push(flags.length));
    expect(model.graph.nodes.length).toBe(12_000);
    const expected = MEASURED ? ['--interrupt-budget=67584'] : [];
    expect(flags).toEqual(expected);
    // already set when the first progress step reached the caller, that is, before decoding went on
    expect(atProgress).toEqual([expected.length, expected.length]);
  });
});
