import TensorCore

/// Every row of the `data` tensors of a tool's inputs, held in memory for a fitting tool
/// (`dict-learn`, `lista-train`, `vae-train`): `[rows, features]` float32, checked to be finite and of one
/// width, with the first frame kept for its attributes (patch geometry, whitening).
public struct TrainingSet {
    /// Row-major `[rows, features]`.
    public var values: [Float] = []
    public var rows = 0
    public var features = 0
    /// The rows of each input, in input order (summing to `rows`).
    public var sourceRows: [Int] = []
    /// The first input frame (its attributes describe the rows).
    public var firstFrame = Frame()

    /// Reads every frame of the context's inputs.
    public init(reading context: ToolContext) throws {
        try self.init(frames: context.forEachInputFrame)
    }

    /// Reads every frame of the file `path` (a held-out set, latents to decode); an empty
    /// stream is an error, as an input of the context's is.
    public init(path: String) throws {
        try self.init(source: inputName(path)) { body in try ToolContext.forEachFrame(ofFile: path) { try body(0, $0) } }
    }

    /// `source` names the file in the messages about its values (the inputs' messages name none:
    /// they are the tool's data).
    private init(source: String? = nil, frames: ((_ input: Int, Frame) throws -> Void) throws -> Void) throws {
        var first = true
        try frames { input, frame in
            let data = try frame.dataMatrix()
            if first {
                features = data.rowLength
                firstFrame = frame
                first = false
            } else if data.rowLength != features {
                throw ToolFailure("frames disagree: rows of \(features) features, then rows of \(data.rowLength); learn from one kind of row at a time")
            }
            try data.requireFinite(source.map { "\($0): data" } ?? "data")
            values.append(contentsOf: data.floats)
            rows += data.rows
            if sourceRows.count <= input { sourceRows += [Int](repeating: 0, count: input + 1 - sourceRows.count) }
            sourceRows[input] += data.rows
        }
        guard rows > 0 else {
            throw ToolFailure("the input holds no rows of data (every frame is empty: [0, \(features)]); is the tool before this one failing?")
        }
    }
}
