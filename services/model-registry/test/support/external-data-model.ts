import { BinaryWriter } from "@bufbuild/protobuf/wire";

/**
 * An ONNX model (Identity over one float initializer, output "Y" [1]) whose initializer lives in an external data file
 * at `location`: onnxruntime refuses it at load and names server paths in its message (the file it resolved, the
 * directory it may read). Hand-encoded: onnx-writer writes dense initializers only. Field numbers: onnx/onnx.proto.
 */
export function externalDataModel(location: string): Buffer {
  const msg = (write: (w: BinaryWriter) => void) => {
    const w = new BinaryWriter();
    write(w);
    return w.finish();
  };
  const tensor = msg((w) => {
    w.uint32(8).int64(1); // dims
    w.uint32(16).int32(1); // data_type FLOAT
    w.uint32(66).string("W"); // name
    w.uint32(106).bytes(msg((e) => e.uint32(10).string("location").uint32(18).string(location))); // external_data
    w.uint32(112).int32(1); // data_location EXTERNAL
  });
  const shape = msg((s) => s.uint32(10).bytes(msg((d) => d.uint32(8).int64(1))));
  const output = msg((w) =>
    w
      .uint32(10)
      .string("Y")
      .uint32(18)
      .bytes(msg((t) => t.uint32(10).bytes(msg((tt) => tt.uint32(8).int32(1).uint32(18).bytes(shape))))),
  );
  const node = msg((w) => w.uint32(10).string("W").uint32(18).string("Y").uint32(34).string("Identity"));
  const graph = msg((w) => w.uint32(10).bytes(node).uint32(18).string("g").uint32(42).bytes(tensor).uint32(98).bytes(output));
  return Buffer.from(
    msg((w) =>
      w
        .uint32(8)
        .int64(8)
        .uint32(58)
        .bytes(graph)
        .uint32(66)
        .bytes(msg((o) => o.uint32(10).string("").uint32(16).int64(17))),
    ),
  );
}
