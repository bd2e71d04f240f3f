import TensorCore
import VariationalCoding

extension VAEModel {
    /// The settings of the training run a model file records (vae-train's options), so that
    /// `--resume` continues with them.
    public struct TrainingSettings: Sendable, Equatable {
        /// β, the weight of the KL term.
        public var beta: Double
        public var batchSize: Int
        /// Adam's step size.
        public var learningRate: Double
        public var seed: UInt64
        /// Rows of the input held out at random (`--holdout`); 0 with none or a held-out file.
        public var holdout: Int

        public init(beta: Double, batchSize: Int, learningRate: Double, seed: UInt64, holdout: Int) {
            self.beta = beta
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.seed = seed
            self.holdout = holdout
        }

        /// The library's options for a run of `epochs` (more) epochs.
        public func options(epochs: Int) -> VAETraining.Options {
            VAETraining.Options(beta: Float(beta), epochs: epochs, batchSize: batchSize, learningRate: Float(learningRate), seed: seed)
        }

        /// The attributes that record them, in file order.
        var attributes: [(String, AttributeValue)] {
            [("beta", .number(beta)), ("batch_size", .number(Double(batchSize))), ("lr", .number(learningRate)),
             ("seed", .string(String(seed))), ("holdout", .number(Double(holdout)))]
        }
    }

    /// The settings the file records; nil for a file that records none (no `batch_size`).
    /// - Throws: `ModelFileError` when a recorded setting is missing or out of its domain.
    public func trainingSettings() throws -> TrainingSettings? {
        guard frame.attribute("batch_size") != nil else { return nil }
        func number(_ key: String, _ valid: (Double) -> Bool, _ domain: String) throws -> Double {
            guard let value = frame.attribute(key)?.number, value.isFinite, valid(value) else {
                throw ModelFileError("\(path): no valid '\(key)' attribute (\(domain)); give the setting again, or train afresh")
            }
            return value
        }
        let beta = try number("beta", { $0 >= 0 && $0 <= 1e6 }, "a number from 0 to 1e6")
        let batchSize = try number("batch_size", { $0 >= 1 && $0 <= 1e7 && $0.rounded() == $0 }, "a whole number from 1 to 1e7")
        let learningRate = try number("lr", { $0 > 0 && $0 <= 10 && Float($0) > 0 }, "a number > 0, at most 10")
        let holdout = try number("holdout", { $0 >= 0 && $0 <= 1e9 && $0.rounded() == $0 }, "a whole number ≥ 0")
        let seedText = frame.attribute("seed")?.string ?? frame.attribute("seed")?.number.flatMap { UInt64(exactly: $0) }.map(String.init)
        guard let seed = seedText.flatMap({ UInt64($0) }) else {
            throw ModelFileError("\(path): no valid 'seed' attribute (a whole number ≥ 0); give --seed, or train afresh")
        }
        return TrainingSettings(beta: beta, batchSize: Int(batchSize), learningRate: learningRate, seed: seed, holdout: Int(holdout))
    }

    /// The model of `training` as a frame to write (vae-train's output and checkpoints): its
    /// parameters and Adam state, the architecture, `epochs` and `adam_steps`, the `settings`,
    /// the loss terms of the `last` epoch (`train_nelbo`, `train_recon`, `train_kl`, and
    /// `heldout_*` when rows were held out) and the row attributes of `rows` (patch geometry).
    public static func frame(of training: VAETraining, settings: TrainingSettings, last: VAETraining.EpochReport?, rows: Frame) -> Frame {
        var attributes = settings.attributes
        func losses(_ prefix: String, _ loss: VAELoss?) {
            guard let loss else { return }
            attributes += [("\(prefix)_nelbo", .number(loss.negativeELBO)), ("\(prefix)_recon", .number(loss.reconstruction)),
                           ("\(prefix)_kl", .number(loss.kl))]
        }
        losses("train", last?.training)
        losses("heldout", last?.heldOut)
        for key in DictionaryModel.rowAttributes {
            if let value = rows.attribute(key) { attributes.append((key, value)) }
        }
        return frame(of: training.model, adamState: training.adamState, epochs: training.epochsCompleted, attributes: attributes)
    }
}
