// tensor-info: describe the frames of a tensor stream (or .npy/.npz file).
import TensorCore
import ToolSupport

let summaryFlag = Flag("summary", help: "print totals over the stream instead of every frame")

let description = ToolDescription(
    name: "tensor-info",
    usage: "[options] [INPUT...]",
    summary: "Print each frame's tensors (name, dtype, shape, min, max, mean, fraction of zeros) and attributes.",
    details: """
    Reads latentpipe streams, .npy and .npz files (sniffed by content). Holds one frame at a time.
    With --summary prints only totals over the whole stream: frames, and per tensor name the
    total rows and the statistics over all frames.
    """,
    options: [summaryFlag],
    example: "patchify photo.png | tensor-info --summary",
    writesText: true)

ToolRunner.run(description) { context in
    let summary = context.has(summaryFlag)
    var lines: [String] = []
    var frames = 0
    var totals: [(name: String, dtype: DType, rowShape: [Int], rows: Int, stats: TensorStatistics)] = []
    func describe(_ name: String, _ dtype: DType, _ shape: String, _ stats: TensorStatistics) -> String {
        var line = "  \(name)  \(dtype)  \(shape)"
        if stats.count > 0 {
            line += "  min \(format(stats.minimum))  max \(format(stats.maximum))  mean \(format(stats.mean))"
            line += "  zeros \(format(100 * stats.zeroFraction, "%.1f"))%"
            if stats.nonFinite > 0 { line += "  non-finite \(stats.nonFinite)" }
        }
        return line
    }
    try context.forEachFrame { frame in
        if !summary { lines.append("frame \(frames)") }
        for (name, tensor) in frame.tensors {
            var stats = TensorStatistics()
            stats.add(tensor)
            if summary {
                let rowShape = Array(tensor.shape.dropFirst())
                if let index = totals.firstIndex(where: { $0.name == name }) {
                    totals[index].rows += tensor.rows
                    totals[index].stats.add(tensor)
                } else {
                    totals.append((name, tensor.dtype, rowShape, tensor.rows, stats))
                }
            } else {
                lines.append(describe(name, tensor.dtype, tensor.shapeDescription, stats))
            }
        }
        if !summary && !frame.attributes.isEmpty {
            lines.append("  attributes: " + frame.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        frames += 1
    }
    if summary {
        lines.append("\(frames) frame\(frames == 1 ? "" : "s")")
        for total in totals {
            let shape = ([total.rows] + total.rowShape).map(String.init).joined(separator: "x")
            lines.append(describe(total.name, total.dtype, shape, total.stats))
        }
    }
    try context.output.sink().write(Array((lines.joined(separator: "\n") + "\n").utf8))
}
