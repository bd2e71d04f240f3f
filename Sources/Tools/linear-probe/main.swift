// linear-probe: how well a linear classifier reads the classes off a representation.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Classification
import ImageIO
import Plotting
import TensorCore
import TensorStream
import ToolSupport

let trainFractionOption = OptionSpec<Double>(
    "train-fraction", value: "F", default: 0.8, help: "fraction of the rows to train on, the rest tested (a seeded split, as split-rows')",
    accepted: "a fraction strictly between 0 and 1", outOfRange: ["0", "1", "1.5", "-0.2"], accepts: { $0 > 0 && $0 < 1 })
let foldsOption = OptionSpec<Int>("folds", value: "K", absent: "none: one train/test split", range: 2...1000,
                                  help: "K-fold cross-validation instead: every row tested once, by a probe trained on the other folds")
let testOption = OptionSpec<String>("test", value: "FILE", absent: "none: the input is split",
                                    help: "train on the whole input and test on FILE's rows (split-rows' test part)")
let inverseRegularizationOption = OptionSpec<Double>(
    "C", value: "C", absent: "chosen from 1e-3, 1e-2, ..., 1e3 by --inner-folds cross-validation",
    help: "inverse weight of the L2 penalty (scikit-learn's C)", accepted: "a positive number",
    outOfRange: ["0", "-1"], accepts: { $0 > 0 && $0.isFinite })
let innerFoldsOption = OptionSpec<Int>("inner-folds", value: "K", default: 5, range: 2...100,
                                       help: "folds of the cross-validation that chooses C on the training rows")

let description = ToolDescription(
    name: "linear-probe",
    usage: "[--train-fraction F | --folds K | --test FILE] [--C C] [--seed S] [-o MATRIX.png] [INPUT...]",
    summary: "Fit a multinomial logistic regression to data and labels; print its test accuracy, recall and confusion matrix.",
    details: """
    The downstream yardstick for a representation. Reads data [rows, features] (trailing
    dimensions flattened) and labels [rows] (whole numbers, any dtype) from every frame of the
    input, joined. Standardises each feature on the training rows (mean 0, sd 1; a constant
    feature becomes 0), then minimises, over W [features, classes] and b [classes],
        sum_i -log softmax(x_i W + b)[y_i] + 1/(2C) ||W||^2
    (scikit-learn's LogisticRegression(C=C), multinomial, lbfgs; b is not penalised) by L-BFGS.
    C is --C, else the best of 1e-3 ... 1e3 by stratified --inner-folds cross-validation of the
    training rows. Tested on the held-out rows of a seeded split (--train-fraction, the same
    split as split-rows --test-size 1-F with the same seed), on every fold in turn (--folds),
    or on the rows of --test FILE. Prints C, the accuracy, each class's recall and the
    confusion matrix (rows: true class) on stdout; with -o FILE also draws the matrix as a PNG
    there. Refused: a missing or mis-sized labels tensor, labels that are not whole numbers, a
    single class, nan or infinite features, an empty stream.
    """,
    options: [trainFractionOption, foldsOption, testOption, inverseRegularizationOption, innerFoldsOption, SharedOptions.seed],
    example: "linear-probe --seed 1 -o confusion.png digits-8x8.lpt",
    writesText: true)

/// Every row of the frames of `read`, joined.
func readRows(_ source: String, _ read: ((Frame) throws -> Void) throws -> Void) throws -> LabelledFrames {
    var joined = LabelledFrames(source: source)
    try read { try joined.append($0) }
    guard joined.rows > 0 else { throw ToolFailure("the \(source) holds no rows (every frame is empty); is the tool before this one failing?") }
    return joined
}

ToolRunner.run(description) { context in
    let folds = context.given(foldsOption), testPath = context.given(testOption)
    if folds != nil && testPath != nil { throw UsageError("--folds and --test both say what to test on; give one") }
    if context.has(trainFractionOption) && (folds != nil || testPath != nil) {
        throw UsageError("--train-fraction splits the input; it does not go with --\(folds != nil ? "folds" : "test")")
    }
    let settings = LinearProbe.Settings(inverseRegularization: context.given(inverseRegularizationOption),
                                        innerFolds: try context.value(innerFoldsOption), seed: try context.value(SharedOptions.seed))

    let input = try readRows("input", context.forEachFrame)
    let test = try testPath.map { path in
        try readRows("--test file", { body in
            let reader = try TensorInput(path: path)
            var any = false
            while let frame = try reader.next() { any = true; try body(frame) }
            if !any { throw StreamError.empty(source: reader.name) }
        })
    }
    guard test == nil || test!.columns == input.columns else {
        throw ToolFailure("the --test rows have \(test!.columns!) features but the input's have \(input.columns!); test the same representation")
    }

    var trainRows = Array(0..<input.rows), testRows: [Int] = []
    if folds == nil && test == nil {
        let split = try TrainTestSplit(rows: input.rows, testSize: .fraction(1 - (try context.value(trainFractionOption))), seed: settings.seed)
        (trainRows, testRows) = (split.trainRows, split.testRows)
    }
    _ = try ClassLabels(input.labels)  // every label a whole number, reported by its row in the input
    let labels = try ClassLabels(trainRows.map { input.labels[$0] })
    let data = try input.labelled(by: labels, rows: trainRows)
    try LinearProbe.validate(data, labels: labels)
    let testPart = try test.map { try $0.labelled(by: labels) } ?? input.labelled(by: labels, rows: testRows)
    try LinearProbe.validate(testPart, labels: labels, requiringClasses: false)

    var text = "\(input.rows) rows, \(input.columns!) features, \(labels.count) classes; "
    let confusion: ConfusionMatrix
    if let folds {
        text += "\(folds)-fold cross-validation (seed \(settings.seed))\n"
        let evaluations = try LinearProbe.crossValidate(data, folds: folds, settings: settings)
        var total = ConfusionMatrix(classCount: labels.count)
        for (fold, evaluation) in evaluations.enumerated() {
            total.add(evaluation.confusion)
            text += "fold \(fold + 1): C \(format(evaluation.inverseRegularization, "%g")), accuracy \(format(evaluation.confusion.accuracy, "%.4f"))\n"
        }
        let accuracies = evaluations.map(\.confusion.accuracy)
        let mean = accuracies.reduce(0, +) / Double(folds)
        let spread = (accuracies.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(folds)).squareRoot()
        text += "mean fold accuracy \(format(mean, "%.4f")) ± \(format(spread, "%.4f")) (sd over folds)\n"
        confusion = total
    } else {
        let trainPart = data
        text += testPath == nil ? "\(trainPart.rows) train, \(testPart.rows) test rows (seed \(settings.seed))\n"
                                : "\(trainPart.rows) train rows, \(testPart.rows) test rows from \(testPath!)\n"
        let evaluation = try LinearProbe.evaluate(train: trainPart, test: testPart, settings: settings)
        text += evaluation.search.map { ProbeReport.text(of: $0, folds: settings.innerFolds) } ?? "C \(format(evaluation.inverseRegularization, "%g")) (given)\n"
        if evaluation.model.stoppedFarFromTheOptimum {
            context.note("linear-probe: warning: L-BFGS stopped after \(evaluation.model.fit.iterations) iterations before its tolerance (largest gradient \(format(evaluation.model.fit.gradientNorm, "%.3g")))")
        }
        confusion = evaluation.confusion
    }
    text += ProbeReport.text(of: confusion, labels: labels)

    if context.output.path != nil {
        let title = "accuracy \(format(confusion.accuracy, "%.4f")) (\(confusion.correct)/\(confusion.total))"
        let picture = ConfusionMatrixPicture.render(counts: confusion.counts, names: labels.values.map(String.init), title: title)
        try context.output.sink().write(try encodePNG(picture.image, name: context.output.path!))
        let standardOutput = ByteSink(descriptor: 1, name: "stdout")
        try standardOutput.write(Array(text.utf8))
        try standardOutput.flush()
    } else {
        try context.output.sink().write(Array(text.utf8))
    }
}
