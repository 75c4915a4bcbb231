// Opens a model and its onnxscope attachment with Netron's own code and counts what Netron's side panels would show.
// Needs a checkout of github.com/lutzroeder/netron (its source/ and test/mock.js; nothing of it is copied here):
//   node scripts/netron/check-attachment.mjs NETRON_CHECKOUT MODEL.onnx MODEL.netron.json
// Prints one JSON line: nodes Netron draws, how many find rows (Metrics) and how many do not, values (edges) that
// find their inferred type, and the rows of the first Conv (or first node), its output and the model.
import * as fs from 'fs/promises';
import * as path from 'path';
import { pathToFileURL } from 'url';

const [checkout, modelFile, attachmentFile] = process.argv.slice(2);
if (!attachmentFile) {
  process.stderr.write('usage: node scripts/netron/check-attachment.mjs NETRON_CHECKOUT MODEL.onnx MODEL.netron.json\n');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(path.join(path.resolve(checkout), p)).href);
const [mock, node, view, zip] = await Promise.all(['test/mock.js', 'source/node.js', 'source/view.js', 'source/zip.js'].map(load));

await zip.Archive.import();
const host = await new mock.Host({ zoom: 'none' });
const v = new view.View(host);
const context = async (file) => {
  const stat = await fs.stat(file);
  return new mock.Context(host, path.dirname(file), path.basename(file), new node.FileStream(file, 0, stat.size, stat.mtimeMs), new Map());
};
const model = await new view.ModelFactoryService(host).open(await context(modelFile));
v._model = model; // what View.open sets before an attachment can be opened
const attached = await v.attach(await context(attachmentFile));
const a = model.attachment;
const graph = model.modules[0];
let withRows = 0;
const values = new Map();
for (const n of graph.nodes) {
  if (a.metrics.node(n).length) withRows++;
  for (const arg of n.outputs) for (const value of arg.value) values.set(value.name, value);
}
const rows = (list) => Object.fromEntries(list.map((x) => [x.name, x.value]));
const first = graph.nodes.find((n) => n.type.name === 'Conv') ?? graph.nodes[0];
const out = first.outputs[0].value[0];
process.stdout.write(`${JSON.stringify({
  attached,
  nodes: graph.nodes.length, nodesWithRows: withRows, nodesWithoutRows: graph.nodes.length - withRows,
  values: values.size, valuesWithType: [...values.values()].filter((x) => a.metadata.value(x).length).length,
  example: {
    node: { name: first.name, op: first.type.name, metadata: rows(a.metadata.node(first)), metrics: rows(a.metrics.node(first)) },
    value: { name: out.name, metadata: rows(a.metadata.value(out)), metrics: rows(a.metrics.value(out)) },
    model: { metadata: rows(a.metadata.model(model)), metrics: rows(a.metrics.model({ metrics: [] })) },
  },
})}\n`);
process.exit(0); // Netron's mock host keeps timers alive
