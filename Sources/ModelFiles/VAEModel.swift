import TensorCore
import TensorStream
import VariationalCoding

/// A variational auto-encoder as a file (made by vae-train): one frame with the parameters as
/// f32 tensors named as `VAEArchitecture.parameterShapes` (`encoder.0.weight` `[in, out]`,
/// `encoder.0.bias` `[out]`, …, `mean.*`, `logvar.*`, `decoder.*`, `output.*`), Adam's moments
/// `adam.<name>.m` and `adam.<name>.v` for each (the training state that `--resume` needs), and
/// the attributes `kind=vae`, `features`, `latent`, `hidden` ("400" or "400,200"),
/// `likelihood` (bernoulli or gaussian), `output_sd` (gaussian), `epochs`, `adam_steps`, then
/// the training settings and results (`beta`, `batch_size`, `lr`, `seed`, `holdout`, the
/// final nELBO terms) and the training rows' attributes (patch geometry).
public struct VAEModel: Sendable {
    /// Where it was read from, as messages name it (`stdin` for `-`).
    public let path: String
    public let autoEncoder: VariationalAutoEncoder
    /// Adam's moments and step count; nil in a file without them (it cannot be resumed).
    public let adamState: VAEAdamState?
    /// Epochs of training completed.
    public let epochs: Int
    /// The model frame with its attributes.
    public let frame: Frame

    /// The `kind` attribute of a VAE model file.
    public static let kind = "vae"
    /// The largest width, hidden width or latent dimension a file may ask for.
    public static let sizes = 1...(1 << 20)

    /// The most parameters a model may have: vae-train refuses larger ones before allocating
    /// (with Adam's two moments a parameter takes 12 bytes: 1.5 GiB at this limit).
    public static let maxParameters = 1 << 27

    /// The number of parameters of `architecture`: the weights and biases of every layer.
    public static func parameterCount(_ architecture: VAEArchitecture) -> Int {
        architecture.parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    public var architecture: VAEArchitecture { autoEncoder.architecture }

    /// Reads the single frame of `path` (`-` is stdin).
    public static func read(path: String) throws -> VAEModel {
        try VAEModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The model in `frame`, checked: kind=vae, an architecture the attributes describe, every
    /// parameter present with its shape and finite, and the Adam state complete or absent.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        guard frame.attribute("kind")?.string == Self.kind else {
            let kind = frame.attribute("kind")?.string.map { "a '\($0)' model" } ?? "a file without kind=vae"
            throw ModelFileError("\(path): not a VAE (\(kind); make one with vae-train)")
        }
        let architecture = try Self.architecture(of: frame, path: path)
        let parameters = try architecture.parameterShapes.map { name, shape in
            try Self.tensor(name, shape: shape, in: frame, path: path)
        }
        do {
            autoEncoder = try VariationalAutoEncoder(architecture: architecture, parameters: parameters)
        } catch {
            throw ModelFileError("\(path): \(error); retrain it with vae-train")
        }
        adamState = try Self.adamState(of: frame, shapes: architecture.parameterShapes, path: path)
        guard let epochs = frame.wholeAttribute("epochs", in: 0...Int(Int32.max)) else {
            throw ModelFileError("\(path): no valid 'epochs' attribute (the epochs trained, a whole number ≥ 0)")
        }
        self.epochs = epochs
        self.path = path
        self.frame = frame
    }

    /// The architecture the attributes describe, validated.
    static func architecture(of frame: Frame, path: String) throws -> VAEArchitecture {
        func size(_ key: String) throws -> Int {
            guard let value = frame.wholeAttribute(key, in: sizes) else {
                throw ModelFileError("\(path): no valid '\(key)' attribute (a whole number from 1 to \(sizes.upperBound))")
            }
            return value
        }
        let (features, latent) = (try size("features"), try size("latent"))
        guard let text = frame.attribute("hidden")?.string, let hidden = hiddenWidths(text) else {
            throw ModelFileError("\(path): no valid 'hidden' attribute (one or two widths, as \"400\" or \"400,200\")")
        }
        let likelihood: VAELikelihood
        switch frame.attribute("likelihood")?.string {
        case "bernoulli": likelihood = .bernoulli
        case "gaussian":
            guard let sd = frame.attribute("output_sd")?.number, sd.isFinite, sd > 0, Float(sd).isFinite, Float(sd) > 0 else {
                throw ModelFileError("\(path): a Gaussian VAE needs an 'output_sd' attribute, a number > 0")
            }
            likelihood = .gaussian(standardDeviation: Float(sd))
        default:
            throw ModelFileError("\(path): no valid 'likelihood' attribute (bernoulli or gaussian)")
        }
        let architecture = VAEArchitecture(features: features, hidden: hidden, latent: latent, likelihood: likelihood)
        do { try architecture.validate() } catch { throw ModelFileError("\(path): \(error)") }
        return architecture
    }

    /// "400" → [400], "400,200" → [400, 200]; nil unless one or two whole numbers from 1 to 2²⁰.
    public static func hiddenWidths(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let widths = parts.compactMap { Int($0) }.filter(sizes.contains)
        guard (1...2).contains(parts.count), widths.count == parts.count else { return nil }
        return widths
    }

    /// The widths as the `hidden` attribute spells them.
    public static func hiddenText(_ widths: [Int]) -> String { widths.map(String.init).joined(separator: ",") }

    /// The f32 tensor `name` of `frame` with `shape`, finite, as a parameter.
    static func tensor(_ name: String, shape: [Int], in frame: Frame, path: String) throws -> VAEParameter {
        try frame.namedParameter(name, shape: shape, path: path, maker: "vae-train")
    }

    /// Adam's state when the frame has every moment tensor; nil when it has none.
    static func adamState(of frame: Frame, shapes: [(name: String, shape: [Int])], path: String) throws -> VAEAdamState? {
        guard shapes.contains(where: { frame["adam.\($0.name).m"] != nil || frame["adam.\($0.name).v"] != nil }) else { return nil }
        guard let steps = frame.wholeAttribute("adam_steps", in: 0...Int(Int32.max)) else {
            throw ModelFileError("\(path): Adam moments without a valid 'adam_steps' attribute (a whole number ≥ 0)")
        }
        func moments(_ suffix: String) throws -> [VAEParameter] {
            try shapes.map { name, shape in
                var moment = try tensor("adam.\(name).\(suffix)", shape: shape, in: frame, path: path)
                moment.name = name
                return moment
            }
        }
        let (first, second) = (try moments("m"), try moments("v"))
        if let negative = second.first(where: { $0.values.contains { $0 < 0 } }) {
            throw ModelFileError("\(path): tensor 'adam.\(negative.name).v' holds a negative second moment")
        }
        return VAEAdamState(steps: steps, first: first, second: second)
    }

    /// A model frame to write: the parameters, the Adam state (when given), `kind=vae`, the
    /// architecture's attributes, `epochs` and `adam_steps`, then `attributes` in order.
    public static func frame(of autoEncoder: VariationalAutoEncoder, adamState: VAEAdamState?, epochs: Int,
                             attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        for parameter in autoEncoder.parameters {
            frame[parameter.name] = Tensor(shape: parameter.shape, floats: parameter.values)
        }
        if let adamState {
            for (m, v) in zip(adamState.first, adamState.second) {
                frame["adam.\(m.name).m"] = Tensor(shape: m.shape, floats: m.values)
                frame["adam.\(v.name).v"] = Tensor(shape: v.shape, floats: v.values)
            }
        }
        let architecture = autoEncoder.architecture
        frame.setAttribute("kind", .string(kind))
        frame.setAttribute("features", .number(Double(architecture.features)))
        frame.setAttribute("latent", .number(Double(architecture.latent)))
        frame.setAttribute("hidden", .string(hiddenText(architecture.hidden)))
        frame.setAttribute("likelihood", .string(architecture.likelihood.name))
        if case let .gaussian(sd) = architecture.likelihood { frame.setAttribute("output_sd", .number(Double(sd))) }
        frame.setAttribute("epochs", .number(Double(epochs)))
        if let adamState { frame.setAttribute("adam_steps", .number(Double(adamState.steps))) }
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }
}
