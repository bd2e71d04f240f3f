// tensor-diff: how far one tensor stream is from another (mean squared error and friends), frame by frame.
import TensorCore
import TensorStream
import ToolSupport

let tensorOption = OptionSpec<String>("tensor", value: "NAME", default: "data", help: "the tensor to compare")
let perRowFlag = Flag("per-row", help: "instead of the summary, print each row's squared distance as CSV lines row,sse")

let description = ToolDescription(
    name: "tensor-diff",
    usage: "[options] A B",
    summary: "Compare a tensor of two streams element by element: mean squared error, relative error, largest difference.",
    details: """
    Reads A and B (streams, .npy or .npz; one of them may be - for stdin) frame by frame in
    step and compares their --tensor (default data), which must have the same shape in every
    pair of frames. Prints key: value lines over all frames:

      elements   the number of elements compared
      mse        mean over elements of (a - b)^2
      rmse       its square root
      max-abs    the largest |a - b|
      relative   sum (a - b)^2 / sum b^2  (B is the reference; 0 when A = B)
      row-sse    mean over rows of sum over the row of (a - b)^2 (for codes [rows, atoms]:
                 the mean squared distance of a code from the reference code)

    With --per-row, prints instead a CSV table, header row,sse, with one line per row (the
    first dimension; rows numbered from 0 over all frames): sse = sum over the row of
    (a - b)^2, the squared Euclidean distance of the row of A from the row of B (say, of a
    corrupted sample from the clean one).

    Memory: one frame of each stream (and one number per row with --per-row).
    """,
    options: [tensorOption, perRowFlag],
    example: "tensor-diff lista-codes.lpt optimal-codes.lpt; augment --noise 0.3 clean.lpt | tensor-diff --per-row - clean.lpt > distances.csv",
    writesText: true)

ToolRunner.run(description) { context in
    let paths = context.arguments.positionals
    guard paths.count == 2 else { throw UsageError("give two streams: A B") }
    if paths[0] == "-" && paths[1] == "-" { throw UsageError("only one of A and B can be stdin") }
    let name = try context.value(tensorOption)
    let a = try TensorInput(path: paths[0]), b = try TensorInput(path: paths[1])
    var difference = TensorDifference()
    var frames = 0
    var rowErrors: [Double] = []
    while true {
        let left = try a.next(), right = try b.next()
        guard let left, let right else {
            if left != nil || right != nil {
                throw ToolFailure("\(left == nil ? a.name : b.name) ends after \(frames) frames but the other stream goes on")
            }
            break
        }
        guard let x = left[name], let y = right[name] else {
            throw ToolFailure("frame \(frames) has no '\(name)' tensor in \(left[name] == nil ? a.name : b.name)")
        }
        guard x.shape == y.shape else {
            throw ToolFailure("frame \(frames): '\(name)' is \(x.shapeDescription) in \(a.name) but \(y.shapeDescription) in \(b.name)")
        }
        try x.requireFinite("\(a.name): '\(name)'")
        try y.requireFinite("\(b.name): '\(name)'")
        difference.add(x, reference: y)
        if context.has(perRowFlag) { rowErrors += TensorDifference.rowSquaredErrors(x, reference: y) }
        frames += 1
    }
    if frames == 0 { throw ToolFailure("both streams are empty") }
    if context.has(perRowFlag) {
        let table = "row,sse\n" + rowErrors.enumerated().map { "\($0.offset),\(format($0.element, "%.9g"))\n" }.joined()
        try context.output.sink().write(Array(table.utf8))
        return
    }
    let lines = [
        "elements: \(difference.elements)",
        "mse: \(format(difference.meanSquaredError, "%.6g"))",
        "rmse: \(format(difference.meanSquaredError.squareRoot(), "%.6g"))",
        "max-abs: \(format(difference.largest, "%.6g"))",
        "relative: \(format(difference.relativeError, "%.6g"))",
        "row-sse: \(format(difference.rowSquaredError, "%.6g"))",
    ]
    try context.output.sink().write(Array((lines.joined(separator: "\n") + "\n").utf8))
}
