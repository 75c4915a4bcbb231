#!/usr/bin/python3
"""
Independent MAC/FLOP/parameter count of ONNX models: real shapes from one onnxruntime-node run (every intermediate
tensor exposed as an output), costs from this folder's own table (cost_table.py, written from docs/COUNTING.md and
the specifications). It imports nothing from onnxscope's src/, so it can pin onnxscope's numbers without trusting
the rule code.

  /usr/bin/python3 scripts/independent-count/count.py MODEL_OR_FOLDER... [--inputs inputs.json] [--out FILE]

--inputs: per-file input specs (fixtures/real/inputs.json's format; default: inputs.json beside each model).
--out: write the JSON there (default stdout). Each model's entry has the input shapes of the run, the totals
(counts as decimal strings), per-op totals, and the nodes this table does not cover (a model with any is
"complete": false and its totals are a lower bound, not a pin).
"""
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx  # noqa: E402
from cost_table import DATA, Cost, NotCovered, lookup  # noqa: E402
from model_graph import ModelGraph, NodeView, has_subgraph  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def model_files(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            out += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith('.onnx'))
        else:
            out.append(a)
    return out


def load_specs(path, models):
    specs = {}
    paths = [path] if path else sorted({os.path.join(os.path.dirname(m), 'inputs.json') for m in models})
    for p in paths:
        if os.path.exists(p):
            specs.update(json.load(open(p)))
    return specs


def observe(jobs):
    with tempfile.TemporaryDirectory() as tmp:
        jobs_path, results_path = os.path.join(tmp, 'jobs.json'), os.path.join(tmp, 'results.json')
        json.dump(jobs, open(jobs_path, 'w'))
        subprocess.run(['npx', 'ts-node', '--transpile-only', os.path.join(HERE, 'observe.ts'), jobs_path, results_path],
                       cwd=REPO, check=True)
        return json.load(open(results_path))


def count_model(graph, observed):
    totals = {'macs': 0, 'flops': 0, 'transcendentals': 0}
    by_op = {}
    not_covered = []
    kinds = {'counted': 0, 'dataMovement': 0, 'folded': 0, 'notCovered': 0}
    for i, node in enumerate(graph.nodes):
        op = f"{node.domain or 'ai.onnx'}:{node.op_type}"
        entry = by_op.setdefault(op, {'nodes': 0, 'macs': 0, 'flops': 0, 'transcendentals': 0})
        entry['nodes'] += 1
        if i in graph.folded or node.op_type == 'Constant':
            kinds['folded' if i in graph.folded else 'dataMovement'] += 1
            continue
        fn = lookup(node.domain, node.op_type)
        if has_subgraph(node):
            result = NotCovered('has a subgraph (count it by hand)')
        elif fn is None:
            result = NotCovered('no rule in cost_table.py')
        else:
            try:
                result = fn(NodeView(node, graph, observed))
            except KeyError as e:
                result = NotCovered(f'shape not observed: {e}')
        if isinstance(result, NotCovered):
            kinds['notCovered'] += 1
            not_covered.append({'node': node.name, 'op': op, 'reason': result.reason})
        elif result == DATA:
            kinds['dataMovement'] += 1
        else:
            assert isinstance(result, Cost)
            kinds['counted'] += 1
            flops = 2 * result.macs + result.other
            for key, v in (('macs', result.macs), ('flops', flops), ('transcendentals', result.trans)):
                totals[key] += v
                entry[key] += v
    return {
        'complete': not not_covered,
        'macs': str(totals['macs']), 'flops': str(totals['flops']), 'transcendentals': str(totals['transcendentals']),
        'params': str(graph.params()),
        'nodes': dict(total=len(graph.nodes), **kinds),
        'notCovered': not_covered,
        'byOp': {k: {'nodes': v['nodes'], 'macs': str(v['macs']), 'flops': str(v['flops']),
                     'transcendentals': str(v['transcendentals'])} for k, v in sorted(by_op.items())},
    }


def git(*args):
    try:
        return subprocess.run(['git', *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def main(argv):
    args, inputs, out = [], None, None
    it = iter(argv)
    for a in it:
        if a == '--inputs':
            inputs = next(it)
        elif a == '--out':
            out = next(it)
        else:
            args.append(a)
    models = model_files(args)
    specs = load_specs(inputs, models)
    graphs = {}
    jobs = []
    with tempfile.TemporaryDirectory() as tmp:
        for m in models:
            name = os.path.basename(m)
            graphs[name] = ModelGraph(m)
            exposed = os.path.join(tmp, name)
            open(exposed, 'wb').write(graphs[name].exposed_bytes())
            jobs.append({'id': name, 'model': exposed, 'spec': specs.get(name, {}), 'seed': 1})
        results = observe(jobs)
    report = {}
    for name, graph in graphs.items():
        r = results[name]
        if 'error' in r:
            report[name] = {'complete': False, 'error': r['error']}
            continue
        report[name] = {'inputs': r['inputs'], **count_model(graph, r['tensors'])}
    ort_version = json.load(open(os.path.join(REPO, 'node_modules', 'onnxruntime-node', 'package.json')))['version']
    dirty = git('status', '--porcelain', '--', 'scripts/independent-count')
    doc = {
        'generator': {
            'script': 'scripts/independent-count/count.py',
            'commit': git('rev-parse', 'HEAD') + (' (with uncommitted changes to the script)' if dirty else ''),
            'onnxruntime-node': ort_version, 'python-onnx': onnx.__version__,
            'date': datetime.now(timezone.utc).strftime('%Y-%m-%d'),
            'convention': 'onnxscope-v1 (docs/COUNTING.md)',
        },
        'models': report,
    }
    text = json.dumps(doc, indent=1) + '\n'
    if out:
        open(out, 'w').write(text)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main(sys.argv[1:])
