// Persistent contrastive divergence's fantasy particles: Gibbs chains kept across updates.
import TensorCore

/// The particles of persistent CD (Tieleman 2008; scikit-learn's `h_samples_`): `count`
/// Gibbs chains that are never restarted at the data, each kept as its binary hidden state
/// `[count, hidden]` (all 0 at the start, as scikit-learn's), so that the negative phase
/// follows the model as it changes slowly.
public struct PersistentChains: Sendable, Equatable {
    /// The number of chains.
    public let count: Int
    /// The chains' hidden states `[count, hidden]`, binary.
    public internal(set) var hiddenStates: [Float]

    /// `count` chains with every hidden unit off.
    public init(count: Int, hidden: Int) {
        precondition(count >= 1 && hidden >= 1, "PersistentChains: \(count) chains of \(hidden) hidden units")
        self.count = count
        hiddenStates = [Float](repeating: 0, count: count * hidden)
    }

    /// Chains in the given hidden states (saved particles).
    /// - Throws: `EnergyModelError.parameterMismatch` unless `states` is `[count, hidden]` and binary.
    public init(hiddenStates states: [Float], count: Int, hidden: Int) throws {
        guard count >= 1, hidden >= 1, states.count == count * hidden, states.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw EnergyModelError.parameterMismatch("the chains' states are not \(count) binary rows of \(hidden) hidden units")
        }
        self.count = count
        hiddenStates = states
    }

    /// Advances every chain by `steps` block Gibbs steps under `model` (v ~ p(v | h), then
    /// h ~ p(h | v), `steps` times) and returns the negative phase: the last visible states
    /// `[count, visible]` and their hidden probabilities p(h = 1 | v) `[count, hidden]`. The
    /// chains keep the last hidden samples. Randomness: each step's visible then hidden
    /// uniforms (or normals), row-major, from `generator`.
    public mutating func advance(under model: BernoulliRBM, steps: Int, generator: inout SeededGenerator,
                                 threads: Int? = nil) -> (visible: [Float], hiddenProbabilities: [Float]) {
        let visible = sampleVisible(under: model, steps: steps, generator: &generator, threads: threads)
        let probabilities = model.hiddenProbabilities(visible, rows: count, threads: threads)
        keepHiddenSamples(of: probabilities, generator: &generator)
        return (visible, probabilities)
    }

    /// The first half of `advance`: `steps` − 1 whole steps, then v ~ p(v | h) (returned; the
    /// chains wait for `keepHiddenSamples` to complete the step).
    mutating func sampleVisible(under model: BernoulliRBM, steps: Int, generator: inout SeededGenerator, threads: Int?) -> [Float] {
        precondition(steps >= 1 && hiddenStates.count == count * model.hidden, "PersistentChains: \(steps) steps, or the model's hidden units differ")
        for _ in 1..<steps {
            let visible = model.sampleVisible(hiddenStates, rows: count, generator: &generator, threads: threads)
            hiddenStates = sampleBernoulli(model.hiddenProbabilities(visible, rows: count, threads: threads), generator: &generator)
        }
        return model.sampleVisible(hiddenStates, rows: count, generator: &generator, threads: threads)
    }

    /// The second half of `advance`: h ~ p(h | v) from the chains' hidden probabilities
    /// `[count, hidden]`.
    mutating func keepHiddenSamples(of probabilities: [Float], generator: inout SeededGenerator) {
        precondition(probabilities.count == hiddenStates.count, "PersistentChains: \(probabilities.count) probabilities for \(hiddenStates.count) states")
        hiddenStates = sampleBernoulli(probabilities, generator: &generator)
    }

    /// E[v | h] of every chain under `model` `[count, visible]`: the particles as pictures
    /// (grey levels p(v = 1 | h) for binary visible units).
    public func visibleMeans(under model: BernoulliRBM, threads: Int? = nil) -> [Float] {
        model.visibleMeans(hiddenStates, rows: count, threads: threads)
    }
}

extension BernoulliRBM {
    /// The persistent-CD estimate of the log-likelihood gradient on `batch` `[rows, visible]`:
    /// the positive phase from the batch, the negative phase from `chains` advanced by `steps`
    /// Gibbs steps (`PersistentChains.advance`; the same draws). With one chain per batch row
    /// and one step, the update of scikit-learn's `BernoulliRBM._fit`.
    /// Cost: the hidden probabilities of the batch and of the chains' last visible states in one
    /// product, 2·(rows + chains)·V·H flops, then the gradient's product and 4·chains·V·H flops
    /// per step.
    public func persistentGradient(_ batch: [Float], rows: Int, chains: inout PersistentChains, steps: Int,
                                   generator: inout SeededGenerator, threads: Int? = nil) -> RBMGradient {
        precondition(rows >= 1 && batch.count == rows * visible, "persistentGradient: the batch is not \(rows) rows of \(visible)")
        let negative = chains.sampleVisible(under: self, steps: steps, generator: &generator, threads: threads)
        let stackedVisible = batch + negative
        let stackedHidden = hiddenProbabilities(stackedVisible, rows: rows + chains.count, threads: threads)
        chains.keepHiddenSamples(of: Array(stackedHidden[(rows * hidden)...]), generator: &generator)
        return RBMGradient(stackedVisible: stackedVisible, stackedHidden: stackedHidden, positiveRows: rows,
                           negativeRows: chains.count, threads: threads)
    }
}
