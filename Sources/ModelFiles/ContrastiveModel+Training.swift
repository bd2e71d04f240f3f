import Augmentation
import ContrastiveLearning
import TensorCore

extension ContrastiveModel {
    /// The model of `training` as a frame to write (contrast-train's output): its parameters
    /// and architecture, `epochs`; the settings (`temperature`, `negatives`, `momentum` with a bank or queue,
    /// `batch_size`, `lr`, `seed`, `holdout`, the augmentation's `shift`, `rotate`, `crop`,
    /// `noise`, `contrast`, `brightness`); the `last` epoch's `train_loss`, `train_gap` and,
    /// with held-out rows, `heldout_loss`, `heldout_positive`, `heldout_negative`,
    /// `heldout_gap`; and the row attributes of `rows` (patch geometry).
    public static func frame(of training: ContrastiveTraining, holdout: Int, last: ContrastiveTraining.EpochReport?, rows: Frame) -> Frame {
        let options = training.options, augmentation = training.augmentation
        var attributes: [(String, AttributeValue)] = [
            ("temperature", .decimal(options.temperature)), ("negatives", .string(options.negatives.description)),
            ("batch_size", .number(Double(options.batchSize))),
            ("lr", .decimal(options.learningRate)), ("seed", .string(String(options.seed))), ("holdout", .number(Double(holdout))),
            ("shift", .number(Double(augmentation.maxShift))), ("rotate", .number(augmentation.maxDegrees)),
            ("crop", .number(augmentation.cropFraction)), ("noise", .number(augmentation.noiseSigma)),
            ("contrast", .number(augmentation.contrast)), ("brightness", .number(augmentation.brightness)),
        ]
        if options.negatives != .batch { attributes.insert(("momentum", .decimal(training.momentum)), at: 2) }
        if let last {
            attributes += [("train_loss", .number(last.training.loss)), ("train_gap", .number(last.training.gap))]
            if let heldOut = last.heldOut {
                attributes += [("heldout_loss", .number(heldOut.loss)), ("heldout_positive", .number(heldOut.positive)),
                               ("heldout_negative", .number(heldOut.negative)), ("heldout_gap", .number(heldOut.gap))]
            }
        }
        for key in DictionaryModel.rowAttributes {
            if let value = rows.attribute(key) { attributes.append((key, value)) }
        }
        return frame(of: training.network, epochs: training.epochsCompleted, attributes: attributes)
    }
}
