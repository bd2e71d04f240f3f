import TensorCore

/// The rows of a stream's frames joined for a probe: each frame's `data` `[rows, ...]`
/// (trailing dimensions flattened into features) and `labels` `[rows]` or `[rows, 1]`
/// (whole numbers, any dtype). Frames must agree on the feature count.
public struct LabelledFrames: Sendable {
    /// Row-major `[rows, columns]`.
    public private(set) var features: [Float] = []
    /// `[rows]`, as read.
    public private(set) var labels: [Double] = []
    public private(set) var columns: Int?
    public private(set) var frames = 0
    public var rows: Int { labels.count }
    /// Where the frames come from, for messages ("input", "--test file").
    public let source: String

    public init(source: String) { self.source = source }

    /// Adds one frame's rows.
    public mutating func append(_ frame: Frame) throws(ClassificationError) {
        frames += 1
        let origin = "\(source) frame \(frames)"
        guard let data = frame["data"], data.rank >= 2 else {
            throw .badFrame("\(origin): no 'data' tensor [rows, features] (it has: \(Self.names(frame)))")
        }
        guard let labels = frame["labels"] else {
            throw .badFrame("\(origin): no 'labels' tensor (it has: \(Self.names(frame))); the probe needs one class per row")
        }
        guard labels.shape == [data.rows] || labels.shape == [data.rows, 1] else {
            throw .badFrame("\(origin): 'labels' is \(labels.shapeDescription) but data has \(data.rows) rows; give one label per row")
        }
        if let columns, columns != data.rowLength {
            throw .badFrame("\(origin): data rows have \(data.rowLength) features, earlier ones \(columns); every frame must have the same")
        }
        columns = data.rowLength
        features += data.floats
        self.labels += labels.doubles
    }

    /// The joined rows with class indices of `classes`.
    public func labelled(by classes: ClassLabels) throws(ClassificationError) -> LabelledRows {
        LabelledRows(features: features, rows: rows, columns: columns ?? 0, classes: try classes.indices(of: labels), classCount: classes.count)
    }

    /// The rows listed in `selection` (in that order) with class indices of `classes`.
    public func labelled(by classes: ClassLabels, rows selection: [Int]) throws(ClassificationError) -> LabelledRows {
        let width = columns ?? 0
        var selected = [Float]()
        selected.reserveCapacity(selection.count * width)
        for row in selection { selected += features[row * width ..< (row + 1) * width] }
        return LabelledRows(features: selected, rows: selection.count, columns: width,
                            classes: try classes.indices(of: selection.map { labels[$0] }), classCount: classes.count)
    }

    private static func names(_ frame: Frame) -> String {
        frame.tensors.isEmpty ? "none" : frame.tensors.map(\.name).joined(separator: ", ")
    }
}
