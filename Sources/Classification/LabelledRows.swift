/// Feature rows with one class each: the input of a probe.
///
/// `features` is row-major `[rows, columns]`; `classes[i]` is row i's class index in
/// `0..<classCount`. The class indices number the distinct label values in ascending order
/// (`ClassLabels`).
public struct LabelledRows: Sendable {
    /// Row-major `[rows, columns]`.
    public var features: [Float]
    public let rows: Int
    public let columns: Int
    /// `[rows]`, each in `0..<classCount`.
    public var classes: [Int]
    public let classCount: Int

    public init(features: [Float], rows: Int, columns: Int, classes: [Int], classCount: Int) {
        precondition(features.count == rows * columns && classes.count == rows, "LabelledRows: shapes disagree")
        precondition(classes.allSatisfy { (0..<classCount).contains($0) }, "LabelledRows: a class index out of range")
        self.features = features
        self.rows = rows
        self.columns = columns
        self.classes = classes
        self.classCount = classCount
    }

    /// The rows listed in `indices`, in that order.
    public func selecting(_ indices: [Int]) -> LabelledRows {
        var selected = [Float]()
        selected.reserveCapacity(indices.count * columns)
        for row in indices { selected += features[row * columns ..< (row + 1) * columns] }
        return LabelledRows(features: selected, rows: indices.count, columns: columns,
                            classes: indices.map { classes[$0] }, classCount: classCount)
    }

    /// Rows per class, `[classCount]`.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for c in classes { counts[c] += 1 }
        return counts
    }
}
