import TensorCore

/// The text a probe prints: accuracy, per-class recall and the confusion matrix, each class
/// shown by its label value.
public enum ProbeReport {
    /// Accuracy, recall per class and the matrix (rows: true class, columns: predicted).
    public static func text(of confusion: ConfusionMatrix, labels: ClassLabels) -> String {
        var lines = ["accuracy \(format(confusion.accuracy, "%.4f")) (\(confusion.correct)/\(confusion.total))", "recall per class:"]
        for (index, recall) in confusion.recalls.enumerated() {
            let rows = confusion.counts[index].reduce(0, +)
            let shown = recall.map { format($0, "%.4f") } ?? "-"
            lines.append("  \(labels.values[index])  \(shown) (\(confusion.counts[index][index])/\(rows))")
        }
        lines.append("confusion matrix (rows: true class, columns: predicted class):")
        let names = labels.values.map(String.init)
        let width = max((confusion.counts.flatMap { $0 } + [0]).map { String($0).count }.max()!, names.map(\.count).max() ?? 1)
        let nameWidth = names.map(\.count).max() ?? 1
        func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        lines.append(padded("", nameWidth + 2) + names.map { " " + padded($0, width) }.joined())
        for (index, row) in confusion.counts.enumerated() {
            lines.append("  " + padded(names[index], nameWidth) + row.map { " " + padded(String($0), width) }.joined())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How C was chosen: the grid's mean cross-validated accuracies and the winner.
    public static func text(of search: RegularizationSearch, folds: Int) -> String {
        let tried = zip(search.grid, search.meanAccuracies).map { "\(format($0, "%g")):\(format($1, "%.4f"))" }.joined(separator: " ")
        return "C \(format(search.chosen, "%g")) (chosen by \(folds)-fold cross-validation of the training rows; mean accuracy per C: \(tried))\n"
    }
}
