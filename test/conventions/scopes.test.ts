/**
 * Reading module calls back from torch.onnx name scopes, on real exports of the reference set (what each
 * scope was is known from the PyTorch module that produced it: scripts/convention_references.py).
 */
import path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { scopeModeOf } from '../../src/conventions/apply';
import { GraphView } from '../../src/conventions/node-view';
import { FIXTURES } from '../helpers/cli';

function graphOf(file: string): GraphView {
  const a = analyzeModel(loadModel(path.join(FIXTURES, file)));
  return new GraphView(a.inference.graph.nodes, a.inference.constants, scopeModeOf(a.model));
}

/** Scope path → kind, for every scope holding arithmetic. */
function kinds(g: GraphView): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of g.nodes) {
    const s = g.scopes.scopeOf(r);
    if (s.kind !== 'empty') m.set(s.path, s.kind);
  }
  return m;
}

describe('module kinds read from name scopes', () => {
  it('resnet18: Conv, ReLU, pooling and Linear modules; BasicBlock.forward\'s residual add is functional', () => {
    const k = kinds(graphOf('conventions/resnet18.onnx'));
    expect(k.get('/conv1')).toBe('conv');
    expect(k.get('/relu')).toBe('single');
    expect(k.get('/maxpool')).toBe('single');
    expect(k.get('/layer1/layer1.0/relu_1')).toBe('single'); // the second call of module `relu`
    expect(k.get('/layer2/layer2.0/downsample/downsample.0')).toBe('conv');
    expect(k.get('/layer1/layer1.0')).toBe('composite'); // out += identity
    expect(k.get('/avgpool')).toBe('single');
    expect(k.get('/fc')).toBe('linear');
  });

  it('resnet18: all 20 Conv nodes had a BatchNorm folded in (torch.onnx renamed their weights onnx::Conv_<n>)', () => {
    const g = graphOf('conventions/resnet18.onnx');
    const convs = g.nodes.filter((r) => r.node.opType === 'Conv').map((r) => g.view(r));
    expect(convs).toHaveLength(20);
    expect(convs.filter((v) => v.hadFoldedBatchNorm)).toHaveLength(20);
  });

  it('squeezenet (no BatchNorm) and the decoder (BatchNorm after a ConvTranspose, not folded): no folded BatchNorm', () => {
    for (const file of ['conventions/squeezenet1_1.onnx', 'conventions/decoder.onnx']) {
      const g = graphOf(file);
      expect(g.nodes.filter((r) => g.view(r).hadFoldedBatchNorm)).toEqual([]);
    }
    const k = kinds(graphOf('conventions/decoder.onnx'));
    expect([k.get('/deconv1'), k.get('/bn1'), k.get('/up1'), k.get('/conv')]).toEqual(['convTranspose', 'batchnorm', 'single', 'conv']);
  });

  it('nn.TransformerEncoder: MultiheadAttention, the Linear modules, LayerNorm; the layer\'s own forward is composite', () => {
    const k = kinds(graphOf('conventions/transformer_encoder.onnx'));
    expect(k.get('/layers.0/self_attn')).toBe('attention');
    expect(k.get('/layers.1/linear1')).toBe('linear');
    expect(k.get('/layers.1/norm2')).toBe('layernorm');
    expect(k.get('/layers.0')).toBe('composite'); // F.relu and the residual adds
  });

  it('the hand-written encoder block at opset 13: decomposed LayerNorm and GELU modules, attention products in the block\'s forward', () => {
    const k = kinds(graphOf('encoder_opset13.onnx'));
    expect(k.get('/norm1')).toBe('layernorm');
    expect(k.get('/act')).toBe('gelu');
    expect(k.get('/q')).toBe('linear');
    expect(k.get('(root)')).toBe('composite');
  });

  it('efficientnet_b0: nn.SiLU modules (Sigmoid + Mul)', () => {
    const k = kinds(graphOf('conventions/efficientnet_b0.onnx'));
    expect([...k.values()].filter((v) => v === 'silu').length).toBeGreaterThanOrEqual(49);
  });

  it('an export not made by torch.onnx has no module scopes: each node is its own module, a bias Add with its MatMul', () => {
    const g = graphOf('seed_tf_rewritten.onnx');
    const mm = g.nodes.find((r) => r.node.opType === 'MatMul')!;
    const add = g.nodes.find((r) => r.node.opType === 'Add')!;
    expect(g.scopes.scopeOf(mm)).toBe(g.scopes.scopeOf(add));
    expect(g.scopes.scopeOf(mm).kind).toBe('linear');
    expect(g.scopes.scopeOf(g.nodes.find((r) => r.node.opType === 'Conv')!).kind).toBe('conv');
  });
});

describe('exports without scope names', () => {
  it('a PyTorch export from before 1.13 (nodes named Conv_0) is read node by node', () => {
    // fixtures/real/ort_cnn_mnist_pytorch.onnx: no node name has a '/' scope
    const a = analyzeModel(loadModel(path.join(FIXTURES, 'real', 'ort_cnn_mnist_pytorch.onnx')));
    expect(a.model.producer.name).toBe('pytorch');
    expect(scopeModeOf(a.model)).toBe('per-node');
    const g = new GraphView(a.inference.graph.nodes, a.inference.constants, 'per-node');
    const convs = g.nodes.filter((r) => r.node.opType === 'Conv');
    expect(convs.map((r) => g.scopes.scopeOf(r).kind)).toEqual(convs.map(() => 'conv'));
  });
});
