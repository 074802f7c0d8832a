// Serialises a small ONNX graph (IR 8, opset 17; float tensors; ops without attributes) as a
// ModelProto that onnxruntime loads. Field numbers follow onnx/onnx.proto: ModelProto (1 ir_version,
// 2 producer_name, 3 producer_version, 5 model_version, 6 doc_string, 7 graph, 8 opset_import,
// 14 metadata_props), GraphProto (1 node, 2 name, 5 initializer, 10 doc_string, 11 input,
// 12 output), NodeProto (1 input, 2 output, 3 name, 4 op_type), TensorProto (1 dims, 2 data_type,
// 8 name, 9 raw_data), ValueInfoProto (1 name, 2 type), TypeProto.Tensor (1 elem_type, 2 shape).
import { ProtobufWriter } from './protobuf-writer.js';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
const FLOAT = 1; // TensorProto.DataType.FLOAT

export interface OnnxNode {
  op: string;
  inputs: string[];
  output: string;
}

/** A constant float tensor; values are rounded to float32 on writing. */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: ArrayLike<number>;
}

/** A float tensor [batch, width] with a symbolic batch dimension. */
export interface OnnxIo {
  name: string;
  width: number;
}

export interface OnnxGraph {
  name: string;
  docString: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  input: OnnxIo;
  output: OnnxIo;
}

export interface OnnxModelSpec {
  graph: OnnxGraph;
  /** ModelProto.model_version. */
  modelVersion: number;
  docString: string;
  /** ModelProto.metadata_props, written in this order. */
  metadata: readonly (readonly [string, string])[];
}

/** Collects nodes and initializers in insertion order (the order they are written). */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];

  constant(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims, values });
    return name;
  }

  node(op: string, inputs: string[], output: string): string {
    this.nodes.push({ op, inputs, output });
    return output;
  }
}

function tensor(w: ProtobufWriter, t: OnnxInitializer): void {
  for (const d of t.dims) w.int(1, d); // repeated int64, unpacked as proto2 declares it
  w.int(2, FLOAT);
  w.string(8, t.name);
  const raw = new Uint8Array(4 * t.values.length);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < t.values.length; i++) view.setFloat32(4 * i, t.values[i]!, true);
  w.bytes(9, raw);
}

function valueInfo(w: ProtobufWriter, io: OnnxIo): void {
  w.string(1, io.name);
  w.message(2, (type) =>
    type.message(1, (t) => {
      t.int(1, FLOAT);
      t.message(2, (shape) => {
        shape.message(1, (d) => d.string(2, 'batch'));
        shape.message(1, (d) => d.int(1, io.width));
      });
    }),
  );
}

function graph(w: ProtobufWriter, g: OnnxGraph): void {
  g.nodes.forEach((n, i) =>
    w.message(1, (node) => {
      for (const input of n.inputs) node.string(1, input);
      node.string(2, n.output);
      node.string(3, `${n.op.toLowerCase()}_${i}`);
      node.string(4, n.op);
    }),
  );
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (m) => tensor(m, t));
  w.string(10, g.docString);
  w.message(11, (v) => valueInfo(v, g.input));
  w.message(12, (v) => valueInfo(v, g.output));
}

/** The ONNX file's bytes. Deterministic: the same spec gives the same bytes. */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const w = new ProtobufWriter();
  w.int(1, ONNX_IR_VERSION);
  w.string(2, 'twin-cds/surrogate');
  w.string(3, '1');
  w.int(5, spec.modelVersion);
  w.string(6, spec.docString);
  w.message(7, (g) => graph(g, spec.graph));
  w.message(8, (o) => o.string(1, '').int(2, ONNX_OPSET));
  for (const [key, value] of spec.metadata) {
    w.message(14, (m) => m.string(1, key).string(2, value));
  }
  return w.finish();
}
