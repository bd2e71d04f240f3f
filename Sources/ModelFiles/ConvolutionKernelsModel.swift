import ConvolutionalCoding
import TensorCore
import TensorStream

/// Convolution kernels `[M, C, S1, S2]` as a model file: one stream frame with `data` (or its
/// only tensor), `kind=csc-kernels` and the attributes written with it (λ, training info),
/// which are kept. A frame written during learning also holds the learner's state (tensors
/// `learner_gram`, `learner_correlation`, attribute `images_seen`) so that learning can resume.
public struct ConvolutionKernelsModel: Sendable {
    /// Where it was read from, as messages name it (`stdin` for `-`).
    public let path: String
    public let kernels: ConvolutionKernels
    /// The model frame with its attributes.
    public let frame: Frame

    /// The `kind` attribute of a kernels model.
    public static let kind = "csc-kernels"

    /// Reads the single frame of `path` (`-` is stdin).
    public static func read(path: String) throws -> ConvolutionKernelsModel {
        try ConvolutionKernelsModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The kernels in `frame`, checked (rank 4, 1 or 3 channels, finite, no zero kernel), or a
    /// failure naming `path`.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        if let kind = frame.attribute("kind")?.string, kind != Self.kind {
            throw ModelFileError("\(path): a '\(kind)' model, not convolution kernels (make them with csc-learn)")
        }
        let tensor = try frame.modelTensor(source: path)
        guard tensor.rank == 4, tensor.shape.allSatisfy({ $0 >= 1 }) else {
            throw ModelFileError("\(path): convolution kernels are an array [kernels, channels, height, width], not \(tensor.shapeDescription)")
        }
        guard tensor.shape[1] == 1 || tensor.shape[1] == 3 else {
            throw ModelFileError("\(path): kernels of \(tensor.shape[1]) channels; they must have 1 (grey) or 3 (colour)")
        }
        try tensor.requireFiniteModel("\(path): the kernels")
        let kernels: ConvolutionKernels
        do {
            kernels = try ConvolutionKernels(count: tensor.shape[0], channels: tensor.shape[1],
                                             height: tensor.shape[2], width: tensor.shape[3], values: tensor.floats)
        } catch {
            throw ModelFileError("\(path): \(error.description)")
        }
        if let zero = kernels.norms.firstIndex(where: { !($0 > 1e-20) }) {
            throw ModelFileError("\(path): kernel \(zero) is all zeros; every kernel must be non-zero")
        }
        self.path = path
        self.kernels = kernels
        self.frame = frame
    }

    /// λ recorded with the kernels, if any.
    public var lambda: Float? { frame.attribute("lambda")?.number.map { Float($0) } }

    /// The learner state stored with the kernels, if the frame has one (nil for kernels without it).
    public func learnerState() throws -> KernelLearnerState? {
        guard let gram = frame["learner_gram"], let correlation = frame["learner_correlation"] else { return nil }
        let seen = frame.wholeAttribute("images_seen", in: 0...Int(Int32.max)) ?? 0
        do {
            return try KernelLearnerState(kernels: kernels, gram: gram.floats, correlation: correlation.floats, imagesSeen: seen)
        } catch {
            throw ModelFileError("\(path): \(error.description); start learning afresh")
        }
    }

    /// A kernels frame to write: `data` = the kernels, `kind=csc-kernels`, then `attributes` in
    /// order, and the learner's `state` (its statistics; its kernels are not written) when given.
    public static func frame(kernels: ConvolutionKernels, attributes: [(String, AttributeValue)],
                             state: KernelLearnerState? = nil) -> Frame {
        var frame = Frame()
        frame["data"] = Tensor(shape: [kernels.count, kernels.channels, kernels.height, kernels.width], floats: kernels.values)
        frame.setAttribute("kind", .string(kind))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        if let state {
            let n = state.kernels.count * state.kernels.height * state.kernels.width
            frame["learner_gram"] = Tensor(shape: [n, n], floats: state.gram)
            frame["learner_correlation"] = Tensor(shape: [n, state.kernels.channels], floats: state.correlation)
            frame.setAttribute("images_seen", .number(Double(state.imagesSeen)))
        }
        return frame
    }
}
