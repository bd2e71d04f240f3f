import SparseCoding
import TensorCore
import TensorStream

/// A whitening model as a file: one frame with tensors `mean [F]`, `matrix [F, F]` (W),
/// `inverse [F, F]` and the attributes `kind=whitening`, `method`, `eps`, `rows`.
extension WhiteningModel {
    /// Reads the single frame of `path`.
    public static func read(path: String) throws -> WhiteningModel {
        try WhiteningModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The model in `frame`, checked: the tensors present, shapes that agree, finite values.
    public init(frame: Frame, path: String) throws {
        guard let mean = frame["mean"], let matrix = frame["matrix"], let inverse = frame["inverse"],
              let method = frame.attribute("method")?.string.flatMap(Method.init(rawValue:)) else {
            throw ModelFileError("\(path): not a whitening model (needs tensors mean, matrix, inverse and a method attribute; make one with whiten --save)")
        }
        let f = mean.count
        guard mean.rank == 1, f >= 1, matrix.shape == [f, f], inverse.shape == [f, f] else {
            throw ModelFileError("\(path): whitening model shapes disagree (mean \(mean.shapeDescription), matrix \(matrix.shapeDescription), inverse \(inverse.shapeDescription))")
        }
        for (name, tensor) in [("mean", mean), ("matrix", matrix), ("inverse", inverse)] {
            try tensor.requireFiniteModel("\(path): the model's \(name)")
        }
        let eps = frame.attribute("eps")?.number ?? 0
        guard eps.isFinite, eps >= 0 else { throw ModelFileError("\(path): the model's eps is \(eps), not a number ≥ 0") }
        self.init(method: method, mean: mean.floats, matrix: matrix.floats, inverse: inverse.floats, eps: Float(eps))
    }

    /// The model as one frame, recording that it was fitted on `rows` rows.
    public func frame(rows: Int) -> Frame {
        var frame = Frame()
        frame["mean"] = Tensor(shape: [features], floats: mean)
        frame["matrix"] = Tensor(shape: [features, features], floats: matrix)
        frame["inverse"] = Tensor(shape: [features, features], floats: inverse)
        frame.setAttribute("kind", .string("whitening"))
        frame.setAttribute("method", .string(method.rawValue))
        frame.setAttribute("eps", .number(Double(eps)))
        frame.setAttribute("rows", .number(Double(rows)))
        return frame
    }
}
