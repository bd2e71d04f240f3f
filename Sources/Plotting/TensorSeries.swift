import TensorCore

/// Series from the tensors of a stream.
public enum TensorSeries {
    /// Each 1-D tensor `[n]` of each frame becomes a series, and each column `j` of a 2-D
    /// tensor `[n, k]` one named `name[:,j]` (just `name` when `k == 1`), plotted against
    /// `0, 1, ..., n-1`, or against the 1-D tensor named `x` of the same frame (length `n`).
    /// With more than one frame, names end in ` (frame F)`, F from 1. `y` limits the series to
    /// the tensors so named; by default every 1-D and 2-D tensor but `x` is plotted (scalars
    /// and tensors of rank 3 or more are passed over).
    ///
    /// Non-finite elements leave their point out (counted in `notes`).
    /// - Throws: `PlotInputError.unknownName` (listing the tensors), `.badTensor` (a selected
    ///   tensor of the wrong rank, an x tensor of the wrong length or missing from a frame),
    ///   `.noPlottableTensors`; `PlotError.noPoints` (a series of nothing but NaN),
    ///   `.tooManySeries`.
    public static func extract(from frames: [Frame], source: String, x xName: String? = nil, y yNames: [String]? = nil) throws -> SeriesSet {
        let available = frames.flatMap { $0.tensors.map(\.name) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for name in [xName].compactMap({ $0 }) + (yNames ?? []) where !available.contains(name) {
            throw PlotInputError.unknownName(source: source, kind: "tensor", name: name, available: available)
        }
        var series: [Series] = []
        var notes: [String] = []
        for (f, frame) in frames.enumerated() {
            let suffix = frames.count > 1 ? " (frame \(f + 1))" : ""
            var xValues: [Double]?
            if let xName {
                guard let tensor = frame[xName] else {
                    throw PlotInputError.badTensor(source: source, name: xName, frame: f + 1, detail: "(the x axis) is missing from this frame")
                }
                guard tensor.rank == 1 || (tensor.rank == 2 && tensor.shape[1] == 1) else {
                    throw PlotInputError.badTensor(source: source, name: xName, frame: f + 1,
                                                   detail: "is \(tensor.shapeDescription); the x axis must be 1-D")
                }
                xValues = tensor.doubles
            }
            for (name, tensor) in frame.tensors where name != xName {
                let selected = yNames?.contains(name)
                if selected == false { continue }
                guard tensor.rank == 1 || tensor.rank == 2 else {
                    if selected == true {
                        throw PlotInputError.badTensor(source: source, name: name, frame: f + 1,
                                                       detail: "is \(tensor.shapeDescription); plot draws 1-D tensors or the columns of 2-D ones")
                    }
                    continue
                }
                let rows = tensor.shape[0], columns = tensor.rank == 2 ? tensor.shape[1] : 1
                if let xValues, xValues.count != rows {
                    throw PlotInputError.badTensor(source: source, name: name, frame: f + 1,
                                                   detail: "has \(rows) rows but the x tensor '\(xName!)' has \(xValues.count) values")
                }
                guard series.count + columns <= Chart.maxSeries else {
                    throw PlotError.tooManySeries(count: series.count + columns, limit: Chart.maxSeries)
                }
                let values = tensor.doubles
                var nonFinite = 0
                for column in 0..<columns {
                    var xs: [Double] = [], ys: [Double] = []
                    xs.reserveCapacity(rows)
                    ys.reserveCapacity(rows)
                    for row in 0..<rows {
                        let px = xValues?[row] ?? Double(row), py = values[row * columns + column]
                        guard px.isFinite, py.isFinite else { nonFinite += 1; continue }
                        xs.append(px)
                        ys.append(py)
                    }
                    let label = (tensor.rank == 2 && columns > 1 ? "\(name)[:,\(column)]" : name) + suffix
                    guard !xs.isEmpty else { throw PlotError.noPoints(series: label) }
                    series.append(Series(name: label, x: xs, y: ys))
                }
                if nonFinite > 0 { notes.append("tensor '\(name)'\(suffix): \(nonFinite) points with nan or inf left out") }
            }
        }
        guard !series.isEmpty else {
            throw PlotInputError.noPlottableTensors(source: source, tensors: available)
        }
        return SeriesSet(xName: xName ?? "index", series: series, notes: notes)
    }
}
