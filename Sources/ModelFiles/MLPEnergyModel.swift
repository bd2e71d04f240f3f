import EnergyModels
import NeuralNetworks
import TensorCore
import TensorStream

/// A learned energy on points as a file (made by ebm-train): one frame with the MLP's
/// parameters (`layer.0.weight` `[inputs, H]`, `layer.0.bias`, …, the output layer last) and
/// the attributes `kind=mlp-energy`, `inputs`, `hidden` ("64,64"), `epochs`, `box_lower` and
/// `box_upper` (the training points' box widened by a tenth, comma-separated per coordinate:
/// where persistent chains restart and the held-out margin's uniform points were drawn), then
/// the training settings and results.
public struct MLPEnergyModel: Sendable {
    public let path: String
    public let energy: MLPEnergy
    /// Per coordinate, the box the training points span (widened by a tenth).
    public let box: [(lower: Float, upper: Float)]
    public let frame: Frame

    public static let kind = "mlp-energy"

    public static func read(path: String) throws -> MLPEnergyModel {
        try MLPEnergyModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The model in `frame`, checked: kind, widths, every parameter with its shape and finite,
    /// a box of one finite, non-empty interval per coordinate.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        guard frame.attribute("kind")?.string == Self.kind else {
            let kind = frame.attribute("kind")?.string.map { "a '\($0)' model" } ?? "a file without kind=\(Self.kind)"
            throw ModelFileError("\(path): not an MLP energy (\(kind); make one with ebm-train)")
        }
        guard let inputs = frame.wholeAttribute("inputs", in: 1...4096) else {
            throw ModelFileError("\(path): no valid 'inputs' attribute (a whole number from 1 to 4096)")
        }
        guard let text = frame.attribute("hidden")?.string, let hidden = Self.widths(text) else {
            throw ModelFileError("\(path): no valid 'hidden' attribute (widths as \"64,64\")")
        }
        let parameters = try MLPEnergy.parameterShapes(inputs: inputs, hidden: hidden).map {
            try frame.namedParameter($0.name, shape: $0.shape, path: path, maker: "ebm-train")
        }
        do { energy = try MLPEnergy(inputs: inputs, hidden: hidden, parameters: parameters) } catch {
            throw ModelFileError("\(path): \(error); retrain it with ebm-train")
        }
        let lower = frame.attribute("box_lower")?.string.map(Self.numbers) ?? nil
        let upper = frame.attribute("box_upper")?.string.map(Self.numbers) ?? nil
        guard let lower, let upper, lower.count == inputs, upper.count == inputs,
              zip(lower, upper).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
            throw ModelFileError("\(path): no valid 'box_lower'/'box_upper' attributes (\(inputs) finite intervals, comma-separated)")
        }
        box = zip(lower, upper).map { ($0, $1) }
        self.path = path
        self.frame = frame
    }

    /// "64,64" → [64, 64]; nil unless 1 to 8 whole numbers from 1 to 65536.
    public static func widths(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let widths = parts.compactMap { Int($0) }.filter { (1...65536).contains($0) }
        guard (1...8).contains(parts.count), widths.count == parts.count else { return nil }
        return widths
    }

    static func numbers(_ text: String) -> [Float]? {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).compactMap { Float($0) }
        return values.count == text.split(separator: ",", omittingEmptySubsequences: false).count ? values : nil
    }

    /// A model frame: the parameters, `kind`, `inputs`, `hidden`, `epochs`, the box, then
    /// `attributes` in order.
    public static func frame(of energy: MLPEnergy, box: [(lower: Float, upper: Float)], epochs: Int,
                             attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        for parameter in energy.parameters { frame[parameter.name] = Tensor(shape: parameter.shape, floats: parameter.values) }
        frame.setAttribute("kind", .string(kind))
        frame.setAttribute("inputs", .number(Double(energy.inputs)))
        frame.setAttribute("hidden", .string(energy.hidden.map(String.init).joined(separator: ",")))
        frame.setAttribute("epochs", .number(Double(epochs)))
        frame.setAttribute("box_lower", .string(box.map { "\($0.lower)" }.joined(separator: ",")))
        frame.setAttribute("box_upper", .string(box.map { "\($0.upper)" }.joined(separator: ",")))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }
}
