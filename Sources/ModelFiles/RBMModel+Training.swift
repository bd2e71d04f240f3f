import EnergyModels
import TensorCore

extension RBMModel {
    /// The settings of an rbm-train run that a model file records.
    public struct TrainingSettings: Sendable, Equatable {
        /// CD-k or persistent CD, with its steps (and particles).
        public var method: RBMTraining.Method
        /// The SGD step on the batch's mean gradient.
        public var learningRate: Double
        public var batchSize: Int
        public var seed: UInt64
        /// Rows of the input held out at random (`--holdout`); 0 with none or a held-out file.
        public var holdout: Int
        /// Whether each epoch visits the rows in a fresh seeded order (false: their own order,
        /// as scikit-learn).
        public var shufflesRows: Bool

        public init(method: RBMTraining.Method, learningRate: Double, batchSize: Int, seed: UInt64, holdout: Int, shufflesRows: Bool = true) {
            self.method = method
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.seed = seed
            self.holdout = holdout
            self.shufflesRows = shufflesRows
        }

        /// The library's options for a run of `epochs` epochs.
        public func options(epochs: Int) -> RBMTraining.Options {
            RBMTraining.Options(method: method, learningRate: Float(learningRate), batchSize: batchSize, epochs: epochs, seed: seed,
                                shufflesRows: shufflesRows)
        }

        /// The attributes that record them, in file order.
        var attributes: [(String, AttributeValue)] {
            [("method", .string(RBMModel.methodText(method))), ("steps", .number(Double(RBMModel.steps(of: method)))),
             ("lr", .number(learningRate)), ("batch_size", .number(Double(batchSize))), ("seed", .string(String(seed))),
             ("holdout", .number(Double(holdout))), ("order", .string(shufflesRows ? "shuffled" : "in-order"))]
        }
    }

    /// The model of `training` as a frame to write (rbm-train's output): W, b, c, the persistent
    /// chains, `epochs`, the `settings`, the reconstruction error, pseudo-log-likelihood (binary
    /// units) and mean free energy of the `last` epoch (`train_recon`, `train_pll`,
    /// `train_free_energy`, and `heldout_*` when rows were held out)
    /// and the row attributes of `rows` (patch geometry).
    public static func frame(of training: RBMTraining, settings: TrainingSettings, last: RBMTraining.EpochReport?, rows: Frame) -> Frame {
        var attributes = settings.attributes
        func evaluation(_ prefix: String, _ evaluation: RBMTraining.Evaluation?) {
            guard let evaluation else { return }
            attributes.append(("\(prefix)_recon", .number(evaluation.reconstructionError)))
            if let pll = evaluation.pseudoLogLikelihood { attributes.append(("\(prefix)_pll", .number(pll))) }
            attributes.append(("\(prefix)_free_energy", .number(evaluation.freeEnergy)))
        }
        evaluation("train", last?.training)
        evaluation("heldout", last?.heldOut)
        for key in DictionaryModel.rowAttributes {
            if let value = rows.attribute(key) { attributes.append((key, value)) }
        }
        return frame(of: training.model, chains: training.chains, epochs: training.epochsCompleted, attributes: attributes)
    }
}
