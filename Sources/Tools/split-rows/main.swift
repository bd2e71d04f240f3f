// split-rows: split a stream's rows into a training part and a test part (scikit-learn's train_test_split).
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TensorCore
import TensorStream
import ToolSupport

let testSizeOption = OptionSpec<Double>(
    "test-size", value: "N|F", default: 0.25,
    help: "rows in the test part: a fraction F of the rows (rounded up) or a count N",
    accepted: "a fraction between 0 and 1 or a whole count ≥ 1", outOfRange: ["0", "-1", "1.5"],
    accepts: { TestSize($0) != nil })
let trainOption = OptionSpec.outputFile(
    "train", required: "the file that receives the training rows", help: "write the training rows to FILE; required")
let testOption = OptionSpec.outputFile("test", absent: "-o, else stdout", help: "write the test rows to FILE")

let description = ToolDescription(
    name: "split-rows",
    usage: "--train FILE [--test FILE] [--test-size N|F] [--seed S] [INPUT...]",
    summary: "Split the rows of a stream into a training part and a test part, at random but seeded.",
    details: """
    As scikit-learn's train_test_split(test_size=..., random_state=...): a seeded random
    permutation of the rows picks the test rows (a fraction F of them, rounded up, or N rows);
    the others are the training rows. Unlike scikit-learn, each part keeps the input's order.
    Rows are the rows of data [rows, ...]; every tensor whose first dimension is data's row
    count (labels [rows], pos [rows, 2]) is split with it, so labels stay with their rows.
    Every other tensor and every attribute goes to both parts. Reads every frame (they must
    hold the same tensors) and joins their rows: the whole input is held in memory. Writes one
    frame to each part, the training part to --train and the test part to --test (else -o,
    else stdout); both files appear complete or not at all. Same input and seed, same bytes.
    """,
    options: [testSizeOption, SharedOptions.seed, trainOption, testOption],
    example: "split-rows --test-size 300 --seed 1 --train train.lpt --test test.lpt digits-8x8.lpt",
    writesText: true)

ToolRunner.run(description) { context in
    let trainPath = try context.value(trainOption)
    let testSize = TestSize(try context.value(testSizeOption))!
    let seed = try context.value(SharedOptions.seed)
    if let testPath = context.given(testOption) {
        if let output = context.output.path {
            throw UsageError("--test \(testPath) and -o \(output) both name the test part's file; give one")
        }
    } else if context.output.path == nil && isatty(1) != 0 {
        // `writesText` lets --test FILE run at a terminal; the test rows themselves may not go there.
        throw UsageError("refusing to write binary data to a terminal (give --test FILE, -o FILE or redirect stdout)")
    }
    let testPath = context.given(testOption) ?? context.output.path
    if testPath == trainPath {
        throw UsageError("--train and the test part both name \(trainPath); give two files")
    }

    var joined = RowConcatenation()
    try context.forEachFrame { try joined.append($0) }
    guard let (frame, rowTensors) = joined.joined(), joined.rows > 0 else {
        throw ToolFailure("the input holds no rows of data (every frame is empty); is the tool before this one failing?")
    }
    let split = try TrainTestSplit(rows: joined.rows, testSize: testSize, seed: seed)

    let train = context.sideOutput(trainOption)!
    try train.frames().write(frame.selectingRows(split.trainRows, of: rowTensors))
    try train.finish()
    let test = context.sideOutput(testOption) ?? context.output
    try test.frames().write(frame.selectingRows(split.testRows, of: rowTensors))
    context.progress("\(joined.rows) rows: \(split.trainRows.count) to train, \(split.testRows.count) to test")
}
