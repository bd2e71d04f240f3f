import ContrastiveLearning
import NeuralNetworks
import TensorCore
import TensorStream

/// A contrastive encoder as a file (made by contrast-train): one frame with the parameters as
/// f32 tensors named as `ContrastiveArchitecture.parameterShapes` (`encoder.0.weight` `[in,
/// out]`, `encoder.0.bias`, …, `head.0.*`, `head.1.*`) and the attributes `kind=contrastive`,
/// `features`, `hidden` ("256" or "256,128"), `dim`, `epochs`, then the training settings and
/// results and the training rows' attributes (patch geometry).
public struct ContrastiveModel: Sendable {
    /// Where it was read from, as messages name it (`stdin` for `-`).
    public let path: String
    public let network: ContrastiveNetwork
    /// Epochs of training completed.
    public let epochs: Int
    /// The model frame with its attributes.
    public let frame: Frame

    /// The `kind` attribute of a contrastive model file.
    public static let kind = "contrastive"

    public var architecture: ContrastiveArchitecture { network.architecture }

    /// Reads the single frame of `path` (`-` is stdin).
    public static func read(path: String) throws -> ContrastiveModel {
        try ContrastiveModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The model in `frame`, checked: kind=contrastive, an architecture the attributes
    /// describe, every parameter present with its shape and finite.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        guard frame.attribute("kind")?.string == Self.kind else {
            let kind = frame.attribute("kind")?.string.map { "a '\($0)' model" } ?? "a file without kind=\(Self.kind)"
            throw ModelFileError("\(path): not a contrastive encoder (\(kind); make one with contrast-train)")
        }
        func size(_ key: String) throws -> Int {
            guard let value = frame.wholeAttribute(key, in: VAEModel.sizes) else {
                throw ModelFileError("\(path): no valid '\(key)' attribute (a whole number from 1 to \(VAEModel.sizes.upperBound))")
            }
            return value
        }
        guard let text = frame.attribute("hidden")?.string, let hidden = VAEModel.hiddenWidths(text) else {
            throw ModelFileError("\(path): no valid 'hidden' attribute (one or two widths, as \"256\" or \"256,128\")")
        }
        let architecture = ContrastiveArchitecture(features: try size("features"), hidden: hidden, dimension: try size("dim"))
        let parameters = try architecture.parameterShapes.map {
            try frame.namedParameter($0.name, shape: $0.shape, path: path, maker: "contrast-train")
        }
        do {
            network = try ContrastiveNetwork(architecture: architecture, parameters: parameters)
        } catch {
            throw ModelFileError("\(path): \(error); retrain it with contrast-train")
        }
        guard let epochs = frame.wholeAttribute("epochs", in: 0...Int(Int32.max)) else {
            throw ModelFileError("\(path): no valid 'epochs' attribute (the epochs trained, a whole number ≥ 0)")
        }
        self.epochs = epochs
        self.path = path
        self.frame = frame
    }

    /// A model frame to write: the parameters, `kind=contrastive`, the architecture's
    /// attributes and `epochs`, then `attributes` in order.
    public static func frame(of network: ContrastiveNetwork, epochs: Int, attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        for parameter in network.parameters {
            frame[parameter.name] = Tensor(shape: parameter.shape, floats: parameter.values)
        }
        let architecture = network.architecture
        frame.setAttribute("kind", .string(kind))
        frame.setAttribute("features", .number(Double(architecture.features)))
        frame.setAttribute("hidden", .string(VAEModel.hiddenText(architecture.hidden)))
        frame.setAttribute("dim", .number(Double(architecture.dimension)))
        frame.setAttribute("epochs", .number(Double(epochs)))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }
}
