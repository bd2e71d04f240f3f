import ContrastiveLearning
import TensorCore

extension ContrastiveModel {
    /// The columns of contrast-train's `--curve` CSV: per epoch, the training means (over the
    /// epoch's batches) of the InfoNCE loss and of the positive and negative cosine similarity
    /// and their gap, the held-out ones (empty without held-out rows) and the seconds of training.
    public static let curveHeader = "epoch,train_loss,train_positive,train_negative,train_gap,heldout_loss,heldout_positive,heldout_negative,heldout_gap,seconds\n"

    /// The `--curve` line of one epoch.
    public static func curveLine(_ report: ContrastiveTraining.EpochReport) -> String {
        func columns(_ pairs: ContrastiveTraining.PairStatistics?) -> String {
            [pairs?.loss, pairs?.positive, pairs?.negative, pairs?.gap].map { $0.map { format($0, "%.7g") } ?? "" }.joined(separator: ",")
        }
        return "\(report.epoch),\(columns(report.training)),\(columns(report.heldOut)),\(format(report.seconds, "%.4f"))\n"
    }

    /// "loss l (cos+ p, cos− n, gap g)", as the progress lines and reports say it.
    public static func terms(_ pairs: ContrastiveTraining.PairStatistics) -> String {
        "\(format(pairs.loss)) (cos+ \(format(pairs.positive, "%.3f")), cos- \(format(pairs.negative, "%.3f")), gap \(format(pairs.gap, "%.3f")))"
    }

    /// The line contrast-train prints after an epoch of `epochs`.
    public static func progressLine(_ report: ContrastiveTraining.EpochReport, of epochs: Int) -> String {
        let heldOut = report.heldOut.map { ", held-out \(terms($0))" } ?? ""
        return "epoch \(report.epoch)/\(epochs): train loss \(terms(report.training))\(heldOut), \(format(report.seconds, "%.2f")) s"
    }

    /// The line `contrast-train --report` prints at the end of a run of `epochs` epochs whose
    /// last epoch reported `last`: the network, the schedule, the final statistics, the memory
    /// held and the seconds per epoch of training and in all.
    public static func reportLine(of training: ContrastiveTraining, epochs: Int, last: ContrastiveTraining.EpochReport,
                                  trainingSeconds: Double, totalSeconds: Double) -> String {
        let shape = training.network.architecture, options = training.options
        let heldOut = last.heldOut.map { ", held-out \(terms($0))" } ?? ""
        return "hidden \(VAEModel.hiddenText(shape.hidden)), dim \(shape.dimension), \(shape.features) features, temperature \(format(Double(options.temperature))), negatives \(options.negatives); "
            + "\(epochs) epochs of \(training.trainingRows) images in batches of \(options.batchSize); "
            + "final train loss \(terms(last.training))\(heldOut); held \(formatBytes(training.heldBytes)); "
            + "\(format(trainingSeconds / Double(max(epochs, 1)), "%.3f")) s per epoch (training), \(format(totalSeconds, "%.2f")) s in all"
    }
}
