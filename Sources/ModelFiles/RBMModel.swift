import EnergyModels
import TensorCore
import TensorStream

/// A restricted Boltzmann machine as a file (made by rbm-train): one frame
/// with the f32 tensors `weight` `[visible, hidden]` (W), `visible_bias` `[visible]` (b),
/// `hidden_bias` `[hidden]` (c) and, after persistent CD, `chains` `[particles, hidden]` (the
/// particles' binary hidden states); the attributes `kind=rbm`, `visible`, `hidden`, `epochs`,
/// `method` (`cd:K` or `pcd:N`), `steps` (Gibbs steps per update), then the training settings
/// and results (`lr`, `batch_size`, `seed`, `holdout`, `order`, the last epoch's `train_recon`,
/// `train_pll` (binary units), `train_free_energy` and the same three `heldout_*`) and the
/// training rows' patch geometry.
public struct RBMModel: Sendable {
    /// Where it was read from, as messages name it (`stdin` for `-`).
    public let path: String
    public let machine: BernoulliRBM
    /// Persistent CD's particles; nil in a model trained by CD-k.
    public let chains: PersistentChains?
    /// Epochs of training completed.
    public let epochs: Int
    /// The model frame with its attributes.
    public let frame: Frame

    /// The `kind` attribute of an RBM model file.
    public static let kind = "rbm"
    /// The most visible or hidden units a file may ask for.
    public static let sizes = 1...(1 << 20)
    /// The most weights (V·H) a model may have: rbm-train refuses larger ones before allocating.
    public static let maxWeights = 1 << 27

    /// Reads the single frame of `path` (`-` is stdin).
    public static func read(path: String) throws -> RBMModel {
        try RBMModel(frame: try TensorInput.readSingleFrame(path: path), path: path)
    }

    /// The model in `frame`, checked: kind=rbm, sizes the attributes give, W and both biases
    /// present with their shapes and finite, the chains (when present) binary of width hidden.
    public init(frame: Frame, path: String) throws {
        let path = inputName(path)
        guard frame.attribute("kind")?.string == Self.kind else {
            let kind = frame.attribute("kind")?.string.map { "a '\($0)' model" } ?? "a file without kind=rbm"
            throw ModelFileError("\(path): not an RBM (\(kind); make one with rbm-train)")
        }
        func size(_ key: String) throws -> Int {
            guard let value = frame.wholeAttribute(key, in: Self.sizes) else {
                throw ModelFileError("\(path): no valid '\(key)' attribute (a whole number from 1 to \(Self.sizes.upperBound))")
            }
            return value
        }
        let (visible, hidden) = (try size("visible"), try size("hidden"))
        guard visible * hidden <= Self.maxWeights else {
            throw ModelFileError("\(path): \(visible)x\(hidden) weights are more than the \(Self.maxWeights) an RBM file may hold")
        }
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            try frame.namedParameter(name, shape: shape, path: path, maker: "rbm-train").values
        }
        let unitsText = frame.attribute("visible_units")?.string ?? VisibleUnits.bernoulli.rawValue
        guard let visibleUnits = VisibleUnits(rawValue: unitsText) else {
            throw ModelFileError("\(path): visible_units is '\(unitsText)', not bernoulli or gaussian; the file is damaged: make it again")
        }
        do {
            machine = try BernoulliRBM(visible: visible, hidden: hidden, visibleUnits: visibleUnits, weights: try tensor("weight", [visible, hidden]),
                                       visibleBias: try tensor("visible_bias", [visible]), hiddenBias: try tensor("hidden_bias", [hidden]))
        } catch let error as EnergyModelError {
            throw ModelFileError("\(path): \(error); retrain it with rbm-train")
        }
        if let states = frame["chains"] {
            guard states.shape.count == 2, states.shape[0] >= 1, states.shape[1] == hidden,
                  let chains = try? PersistentChains(hiddenStates: states.floats, count: states.shape[0], hidden: hidden) else {
                throw ModelFileError("\(path): tensor 'chains' is \(states.shape), not binary rows of \(hidden) hidden states; the file is damaged: make it again")
            }
            self.chains = chains
        } else {
            chains = nil
        }
        guard let epochs = frame.wholeAttribute("epochs", in: 0...Int(Int32.max)) else {
            throw ModelFileError("\(path): no valid 'epochs' attribute (the epochs trained, a whole number ≥ 0)")
        }
        self.epochs = epochs
        self.path = path
        self.frame = frame
    }

    /// The method as the `method` attribute spells it: `cd:K` or `pcd:N` (N particles).
    public static func methodText(_ method: RBMTraining.Method) -> String {
        switch method {
        case let .contrastiveDivergence(steps): "cd:\(steps)"
        case let .persistent(particles, _): "pcd:\(particles)"
        }
    }

    /// The Gibbs steps per update of `method` (the `steps` attribute).
    public static func steps(of method: RBMTraining.Method) -> Int {
        switch method {
        case let .contrastiveDivergence(steps), let .persistent(_, steps): steps
        }
    }

    /// A model frame to write: W, b, c, the chains (when given), `kind=rbm`, `visible`,
    /// `hidden`, `visible_units`, `epochs`, then `attributes` in order.
    public static func frame(of machine: BernoulliRBM, chains: PersistentChains?, epochs: Int,
                             attributes: [(String, AttributeValue)]) -> Frame {
        var frame = Frame()
        frame["weight"] = Tensor(shape: [machine.visible, machine.hidden], floats: machine.weights)
        frame["visible_bias"] = Tensor(shape: [machine.visible], floats: machine.visibleBias)
        frame["hidden_bias"] = Tensor(shape: [machine.hidden], floats: machine.hiddenBias)
        if let chains { frame["chains"] = Tensor(shape: [chains.count, machine.hidden], floats: chains.hiddenStates) }
        frame.setAttribute("kind", .string(kind))
        frame.setAttribute("visible", .number(Double(machine.visible)))
        frame.setAttribute("hidden", .number(Double(machine.hidden)))
        frame.setAttribute("visible_units", .string(machine.visibleUnits.rawValue))
        frame.setAttribute("epochs", .number(Double(epochs)))
        for (key, value) in attributes { frame.setAttribute(key, value) }
        return frame
    }
}
