// whiten: ZCA or PCA whitening of rows, fitted on the input or applied from a saved model.
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let modelOption = OptionSpec<String>("model", value: "FILE", help: "apply this saved model instead of fitting one")
let saveOption = OptionSpec.outputFile("save", help: "write the fitted model to FILE")
let inverseFlag = Flag("inverse", help: "undo whitening: y = M w + mean (needs --model)")
let epsOption = OptionSpec<Double>("eps", value: "E", default: 0.01, range: 1e-12...1e6, help: "regulariser added to every eigenvalue, relative to their mean")
let statsOnlyFlag = Flag("stats-only", help: "write the partial statistics (n, mean, scatter in Double) instead of whitening; merge them with --merge")
let mergeFlag = Flag("merge", help: "the inputs are partial statistics (--stats-only): merge them and fit the model (needs --save); with --stats-only, write the merged statistics instead (a tree reduce's inner node)")
let methodOption = OptionSpec<String>("method", value: "NAME", default: "zca", choices: WhiteningModel.Method.allCases.map(\.rawValue), help: "zca (rows stay in pixel coordinates) or pca (principal components)")

let description = ToolDescription(
    name: "whiten",
    usage: "[options] [INPUT...]",
    summary: "Whiten the rows of data (ZCA by default): decorrelate them and give them unit variance.",
    details: """
    w = W (y - mean). With C = U L U^T the covariance of the rows and e = eps * trace(C)/features
    (eps is relative to the mean variance): ZCA W = U (L+e)^-1/2 U^T keeps rows in pixel
    coordinates; PCA W = (L+e)^-1/2 U^T gives principal components by decreasing variance.
    Without --model: fits mean and covariance on the whole input, then whitens that input.
    Memory: the F x F statistics, independent of the input length; stdin is spilled to an
    unlinked temporary file (in TMPDIR) for the second pass, as are FIFOs and <(...); regular
    files are read twice.
    --save writes the model (one frame: mean, matrix W, inverse, and the attributes method,
    eps). With --model: streams frame by frame, memory one frame. --inverse undoes whitening
    with the model (for reconstruction). Other tensors and attributes pass through.
    """,
    options: [modelOption, saveOption, inverseFlag, epsOption, methodOption, statsOnlyFlag, mergeFlag],
    example: "patchify photo.png | whiten --save zca.lpt > white.lpt; patchify other.png | whiten --model zca.lpt")

ToolRunner.run(description) { context in
    let inverse = context.has(inverseFlag)
    guard let method = WhiteningModel.Method(rawValue: try context.value(methodOption)) else { throw UsageError("unknown --method") }
    let eps = try context.value(epsOption)
    if inverse && !context.has(modelOption) { throw UsageError("--inverse needs --model FILE (the model that whitened the data)") }
    if context.has(modelOption) && context.has(saveOption) { throw UsageError("--save fits a new model; it cannot be used with --model") }
    let (statsOnly, merge) = (context.has(statsOnlyFlag), context.has(mergeFlag))
    if (statsOnly || merge) && context.has(modelOption) { throw UsageError("--stats-only and --merge fit; they cannot be used with --model") }
    if statsOnly && merge && context.has(saveOption) { throw UsageError("--merge --stats-only writes merged statistics, not a model; leave out --save") }
    if merge && !statsOnly && !context.has(saveOption) { throw UsageError("--merge needs --save FILE (the merged model), or --stats-only (one partial of the partials, for a tree reduce)") }

    func checked(_ frame: Frame, features: Int) throws -> Tensor {
        let data = try frame.dataMatrix()
        guard data.rowLength == features else {
            throw ToolFailure("data rows have \(data.rowLength) features but the whitening model has \(features)")
        }
        try data.requireFinite("data")
        return data
    }
    func transform(_ frame: Frame, _ model: WhiteningModel) throws {
        let data = try checked(frame, features: model.features)
        var out = frame
        let rows = inverse ? model.unwhiten(data.floats, count: data.rows) : model.whiten(data.floats, count: data.rows)
        out["data"] = Tensor(shape: data.shape, floats: rows)
        out.setAttribute("whitened", inverse ? nil : .string(model.method.rawValue))
        try context.write(out)
    }

    if let path = context.given(modelOption) {
        let model = try WhiteningModel.read(path: path)
        try context.forEachFrame { try transform($0, model) }
        return
    }

    if merge {
        var statistics: CovarianceAccumulator?
        for path in context.inputPaths {
            let part = try CovarianceAccumulator.read(path: path)
            if statistics == nil { statistics = CovarianceAccumulator(features: part.features) }
            guard part.features == statistics!.features else { throw ToolFailure("\(path): statistics of \(part.features) features, the others have \(statistics!.features)") }
            statistics!.merge(part)
        }
        if statsOnly, let statistics { return try context.write(statistics.frame) }
        guard let statistics, statistics.count >= 2 else { throw ToolFailure("fitting needs at least 2 rows of data") }
        let save = context.sideOutput(saveOption)!
        try save.frames().write(WhiteningModel(fitting: statistics, method: method, eps: Float(eps)).frame(rows: statistics.count))
        try save.finish()
        return
    }

    // Fit: first pass gathers statistics (spilling stdin), second pass whitens.
    var statistics: CovarianceAccumulator?
    let spill = !statsOnly && context.inputPaths.contains(where: isReadOnce) ? try SpillFile() : nil
    try context.forEachFrame { frame in
        if statistics == nil { statistics = CovarianceAccumulator(features: try frame.dataMatrix(maxFeatures: CovarianceAccumulator.maxFeatures).rowLength) }
        let data = try checked(frame, features: statistics!.features)
        statistics!.add(data.floats, count: data.rows)
        try spill?.append(frame)
    }
    if statsOnly, let statistics { return try context.write(statistics.frame) }
    guard let statistics, statistics.count >= 2 else {
        throw ToolFailure("fitting needs at least 2 rows of data")
    }
    let model = WhiteningModel(fitting: statistics, method: method, eps: Float(eps))
    if let save = context.sideOutput(saveOption) {
        try save.frames().write(model.frame(rows: statistics.count))
        try save.finish()
    }
    if let spill {
        try spill.replay { try transform($0, model) }
    } else {
        try context.forEachFrame { try transform($0, model) }
    }
}
