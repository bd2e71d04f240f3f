import SparseCoding
import TensorCore

extension LISTAModel {
    /// The encoder of a finished training run for `dictionary`, as a frame: the encoder's
    /// tensors and attributes, then seed, epochs, training_loss, the held-out code errors after
    /// and before training (when rows were held out) and the dictionary's row attributes.
    public static func frame(of training: LISTATraining, lambda: Double, dictionary: DictionaryModel, seed: UInt64) -> Frame {
        let model = LISTAModel(encoder: training.encoder, lambda: lambda, dictionaryFingerprint: dictionary.fingerprint)
        var attributes: [(String, AttributeValue)] = [
            ("seed", .string(String(seed))), ("epochs", .number(Double(training.epochs))), ("training_loss", .number(training.trainingLoss)),
        ]
        if let after = training.heldOutError, let before = training.untrainedError {
            attributes += [("holdout_code_error", .number(after)), ("untrained_holdout_code_error", .number(before))]
        }
        for key in DictionaryModel.rowAttributes {
            if let value = dictionary.frame.attribute(key) { attributes.append((key, value)) }
        }
        return model.frame(attributes: attributes)
    }
}
