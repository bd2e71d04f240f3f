import EnergyModels
import NeuralNetworks
import TensorCore
import TensorStream

/// A denoising auto-encoder as a file (made by dae-train): one frame with the parameters
/// (`encoder.weight` `[features, hidden]`, `encoder.bias`, `decoder.weight` `[hidden,
/// features]` unless tied, `decoder.bias`) and the attributes `kind=dae`, `features`,
/// `hidden`, `activation` (sigmoid or relu), `tied` (0 or 1), `reconstruction`
/// (squaredError or crossEntropy), `epochs`, then the training settings and results and the
/// rows' patch geometry.
public struct DAEModel: Sendable {
    public let path: String
    public let autoEncoder: DenoisingAutoEncoder
    public let frame: Frame

    public static let kind = "dae"

    public var architecture: DAEArchitecture { autoEncoder.architecture }

    public static func read(path: String) throws -> DAEModel {
        try DAEModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The model in `frame`, checked: kind, sizes, activation, loss, every parameter.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        guard frame.attribute("kind")?.string == Self.kind else {
            let kind = frame.attribute("kind")?.string.map { "a '\($0)' model" } ?? "a file without kind=\(Self.kind)"
            throw ModelFileError("\(path): not a denoising auto-encoder (\(kind); make one with dae-train)")
        }
        guard let features = frame.wholeAttribute("features", in: VAEModel.sizes), let hidden = frame.wholeAttribute("hidden", in: VAEModel.sizes),
              let activation = frame.attribute("activation")?.string.flatMap(DAEActivation.init(rawValue:)),
              let reconstruction = frame.attribute("reconstruction")?.string.flatMap(DAEReconstruction.init(rawValue:)),
              let tied = frame.wholeAttribute("tied", in: 0...1) else {
            throw ModelFileError("\(path): no valid 'features', 'hidden', 'activation', 'reconstruction' or 'tied' attribute; retrain it with dae-train")
        }
        let architecture = DAEArchitecture(features: features, hidden: hidden, activation: activation, tied: tied == 1, reconstruction: reconstruction)
        let parameters = try architecture.parameterShapes.map { try frame.namedParameter($0.name, shape: $0.shape, path: path, maker: "dae-train") }
        do { autoEncoder = try DenoisingAutoEncoder(architecture: architecture, parameters: parameters) } catch {
            throw ModelFileError("\(path): \(error); retrain it with dae-train")
        }
        self.path = path
        self.frame = frame
    }

    /// A model frame: the parameters, `kind` and the architecture's attributes, `epochs`, then
    /// `attributes` in order.
    public static func frame(of autoEncoder: DenoisingAutoEncoder, epochs: Int, attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        for parameter in autoEncoder.parameters { frame[parameter.name] = Tensor(shape: parameter.shape, floats: parameter.values) }
        let architecture = autoEncoder.architecture
        frame.setAttribute("kind", .string(kind))
        frame.setAttribute("features", .number(Double(architecture.features)))
        frame.setAttribute("hidden", .number(Double(architecture.hidden)))
        frame.setAttribute("activation", .string(architecture.activation.rawValue))
        frame.setAttribute("tied", .number(architecture.tied ? 1 : 0))
        frame.setAttribute("reconstruction", .string(architecture.reconstruction.rawValue))
        frame.setAttribute("epochs", .number(Double(epochs)))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }
}
