// The shape of a contrastive network: an MLP encoder and SimCLR's projection head.

/// The layers of a `ContrastiveNetwork` (SimCLR's shape, on rows):
///
///     encoder f  x [features] → hidden[0] (ReLU) [→ hidden[1] (ReLU)] = h, the representation
///     head g     h → P (ReLU) → z [dimension], P = hidden.last
///
/// The loss is computed on the L2-normalised z; downstream tasks use h (SimCLR found the
/// representation before the head the better one, the head discarding what the augmentations
/// vary).
public struct ContrastiveArchitecture: Sendable, Equatable {
    /// The width of a data row.
    public var features: Int
    /// The encoder's widths, 1 or 2 of them; the representation is `hidden.last` wide.
    public var hidden: [Int]
    /// The dimension of the projection z the loss compares.
    public var dimension: Int

    public init(features: Int, hidden: [Int], dimension: Int) {
        self.features = features
        self.hidden = hidden
        self.dimension = dimension
    }

    /// The width of the representation h.
    public var representationWidth: Int { hidden.last ?? features }

    /// Checks every size (≥ 1; one or two hidden widths).
    /// - Throws: `ContrastiveLearningError.invalidArchitecture`.
    public func validate() throws {
        func fail(_ reason: String) -> ContrastiveLearningError { .invalidArchitecture(reason) }
        guard features >= 1 else { throw fail("features must be at least 1, got \(features)") }
        guard dimension >= 1 else { throw fail("the projection dimension must be at least 1, got \(dimension)") }
        guard hidden.count == 1 || hidden.count == 2 else { throw fail("one or two hidden layers are supported, got \(hidden.count)") }
        if let bad = hidden.first(where: { $0 < 1 }) { throw fail("hidden widths must be at least 1, got \(bad)") }
    }

    /// Checks rows `[count, features]`: the element count matches the width and every value
    /// is finite.
    /// - Throws: `ContrastiveLearningError.invalidRows` saying which row.
    public func validate(rows values: [Float], count: Int) throws {
        guard values.count == count * features else {
            throw ContrastiveLearningError.invalidRows("\(values.count) values are not \(count) rows of \(features) features")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw ContrastiveLearningError.invalidRows("row \(index / features) has a non-finite value (\(values[index]))")
        }
    }

    /// The encoder's layers then the head's, as (name, inputs, outputs).
    public var layerShapes: [(name: String, inputs: Int, outputs: Int)] {
        var shapes: [(String, Int, Int)] = []
        var width = features
        for (i, h) in hidden.enumerated() {
            shapes.append(("encoder.\(i)", width, h))
            width = h
        }
        shapes.append(("head.0", width, width))
        shapes.append(("head.1", width, dimension))
        return shapes
    }

    /// Every parameter's name and shape in parameter order (each layer's weight `[inputs,
    /// outputs]` then its bias): the order of initialisation, gradients, Adam slots and files.
    public var parameterShapes: [(name: String, shape: [Int])] {
        layerShapes.flatMap { [($0.name + ".weight", [$0.inputs, $0.outputs]), ($0.name + ".bias", [$0.outputs])] }
    }

    /// The number of parameters.
    public var parameterCount: Int { layerShapes.reduce(0) { $0 + $1.inputs * $1.outputs + $1.outputs } }
}
