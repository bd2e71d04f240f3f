// tensor-convert: between latentpipe streams and NumPy's .npy/.npz.
import TensorCore
import TensorStream
import ToolSupport

let kindOption = OptionSpec<String>("to", value: "KIND", absent: "from -o's extension, else stream", choices: ["stream", "npy", "npz"],
                                    help: "output kind")
let tensorOption = OptionSpec<String>("tensor", value: "NAME", default: "data", help: "the tensor written to .npy")
let batchSizeOption = SharedOptions.batchSize(absent: "all rows in one frame", help: "rows per frame when writing a stream")

let description = ToolDescription(
    name: "tensor-convert",
    usage: "[options] [INPUT...]",
    summary: "Convert a tensor stream to .npy or .npz, or a .npy/.npz file to a stream.",
    details: """
    To .npy: one tensor (--tensor, default data), its frames concatenated along axis 0.
    To .npz: every tensor, each concatenated over frames (like np.savez_compressed: deflated).
    Attributes have no place in .npy/.npz and are dropped. Both hold the whole output in memory.
    To a stream: a .npy becomes one frame whose tensor is data; a .npz one frame with a tensor
    per array; --batch-size splits it into frames of B rows.
    The output kind is --to, else the -o file's extension (.npy, .npz), else a stream.
    """,
    options: [kindOption, tensorOption, batchSizeOption],
    example: "patchify photo.png | tensor-convert -o patches.npz   # then np.load('patches.npz')['data']")

ToolRunner.run(description) { context in
    let path = context.output.path ?? ""
    let inferred = path.hasSuffix(".npy") ? "npy" : path.hasSuffix(".npz") ? "npz" : "stream"
    let kind = context.given(kindOption) ?? inferred
    let batchSize = context.given(batchSizeOption) ?? 0
    let wanted = try context.value(tensorOption)

    if kind == "stream" {
        try context.forEachFrame { frame in
            let rows = frame.tensors.first?.tensor.rows ?? 0
            let splittable = batchSize > 0 && frame.tensors.allSatisfy { $0.tensor.rank >= 1 && $0.tensor.rows == rows }
            guard splittable && rows > batchSize else { return try context.write(frame) }
            for start in stride(from: 0, to: rows, by: batchSize) {
                var part = frame
                for (name, tensor) in frame.tensors { part[name] = tensor.rows(start..<min(rows, start + batchSize)) }
                try context.write(part)
            }
        }
        return
    }

    var names: [String] = []
    var parts: [String: [Tensor]] = [:]
    try context.forEachFrame { frame in
        for (name, tensor) in frame.tensors where kind == "npz" || name == wanted {
            if parts[name] == nil { names.append(name) }
            parts[name, default: []].append(tensor)
        }
    }
    var joined = Frame()
    for name in names {
        guard let tensor = Tensor.concatenated(parts[name]!) else {
            throw ToolFailure("tensor '\(name)' changes dtype or row shape between frames; cannot join it into one array")
        }
        joined[name] = tensor
    }
    if kind == "npy" {
        guard let tensor = joined[wanted] else {
            throw ToolFailure("no tensor named '\(wanted)' in the input (use --tensor NAME)")
        }
        try context.output.sink().write(NPY.encode(tensor))
    } else {
        try context.output.sink().write(NPZ.encode(joined))
    }
}
