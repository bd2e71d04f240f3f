import SparseCoding
import TensorCore
import TensorStream

/// Whitening's partial statistics as a file (`whiten --stats-only`): one frame with the
/// attributes `kind=whitening-statistics` and `rows` (n) and the f64 tensors `mean [F]` and
/// `scatter [F, F]` (Σ (y − mean)(y − mean)ᵀ, upper triangle). Mean and centred scatter carry
/// the same information as (n, Σy, Σyyᵀ) but merge without cancellation (Chan et al.).
extension CovarianceAccumulator {
    /// The statistics as one frame.
    public var frame: Frame {
        var frame = Frame()
        frame["mean"] = Tensor(shape: [features], doubles: mean)
        frame["scatter"] = Tensor(shape: [features, features], doubles: scatter)
        frame.setAttribute("kind", .string("whitening-statistics"))
        frame.setAttribute("rows", .number(Double(count)))
        return frame
    }

    /// The statistics in `frame`, checked; `path` names the file in the messages.
    public init(frame: Frame, path: String) throws {
        guard frame.attribute("kind")?.string == "whitening-statistics", let mean = frame["mean"], let scatter = frame["scatter"],
              let rows = frame.attribute("rows")?.number else {
            throw ModelFileError("\(path): not whitening statistics (make them with whiten --stats-only)")
        }
        let f = mean.count
        guard mean.rank == 1, f >= 1, scatter.shape == [f, f], rows >= 0, rows == rows.rounded(), rows < 1e15 else {
            throw ModelFileError("\(path): whitening statistics disagree (mean \(mean.shapeDescription), scatter \(scatter.shapeDescription), rows \(rows))")
        }
        try mean.requireFiniteModel("\(path): the statistics' mean")
        try scatter.requireFiniteModel("\(path): the statistics' scatter")
        self.init(count: Int(rows), mean: mean.doubles, scatter: scatter.doubles)
    }

    /// Reads the single frame of `path`.
    public static func read(path: String) throws -> CovarianceAccumulator {
        try CovarianceAccumulator(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }
}
