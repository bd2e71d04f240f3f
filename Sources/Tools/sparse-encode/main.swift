// sparse-encode: sparse codes of every row against a dictionary: the lasso (LARS, coordinate descent,
// FISTA or ISTA) or orthogonal matching pursuit.
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let dictionaryOption = SharedOptions.dictionary(required: nil, help: "dictionary [atoms, features], one atom per row (stream, .npy or .npz); required unless --encoder")
let encoderOption = OptionSpec<String>("encoder", value: "FILE", help: "code with a trained LISTA encoder (lista-train) instead of solving the lasso")
let lambdaOption = SharedOptions.lambda(absent: "the dictionary's lambda attribute, else 1")
let maxIterationsOption = SharedOptions.maxIterations()
let toleranceOption = SharedOptions.tolerance(help: "relative change of a row's code that ends its iterations; cd's own default is 0.01, this one is for the others")
let algorithmOption = SharedOptions.algorithm(
    choices: LassoEncoder.Algorithm.allCases.map(\.rawValue) + OMPEncoder.Options.Rule.allCases.map(\.rawValue),
    help: "auto (= lars, or fista past 2048 atoms), lars (exact homotopy; up to 8192 atoms), cd (coordinate descent, approximate to tol; up to 8192 atoms), fista (accelerated, with adaptive restart), ista, omp (orthogonal matching pursuit: --atoms-per-row and/or --error), or ormp (order-recursive matching pursuit, SPAMS' omp: the same with each step's atom the one that lowers the residual most)")
let atomsPerRowOption = OptionSpec<Int>(
    "atoms-per-row", aliases: ["n-nonzero-coefs"], value: "K", absent: "min(atoms, features) when --error is given", range: 1...1_000_000,
    help: "omp, ormp: at most K atoms per row (at most the features and the atoms)")
let errorOption = OptionSpec<Double>(
    "error", value: "E", absent: "none: every row takes K atoms", range: 0...1e30,
    help: "omp, ormp: stop a row once ||y - z D||^2 <= E (K-SVD denoising: E = features (1.15 sigma)^2)")
let positiveFlag = SharedOptions.positive()
let reportFlag = Flag("report", help: "print the mean energy, mean non-zeros and iterations per row and rows/s on stderr")

let description = ToolDescription(
    name: "sparse-encode",
    usage: "--dict FILE [options] [INPUT...]  |  --encoder FILE [--dict FILE] [options] [INPUT...]",
    summary: "Sparse-code every row of data against a dictionary: the lasso, by LARS (homotopy), coordinate descent, FISTA or ISTA, or orthogonal matching pursuit.",
    details: """
    For each row y of data [rows, features] and the dictionary D [atoms, features] (one atom
    per row, as scikit-learn's components_), finds the code z [atoms] minimising

        1/2 ||y - z D||^2 + lambda ||z||_1        (with --positive also z >= 0)

    and writes data = codes [rows, atoms]; every other tensor and attribute passes through.
    lambda is SPAMS' lambda1 and scikit-learn's sparse_encode alpha; the lecture's energy
    E = ||y - Wz||^2 + lambda' ||z||_1 is twice ours with lambda' = 2 lambda. The default
    solver (auto) is lars when the dictionary has at most 2048 atoms, else fista. lars
    follows the exact lasso path (homotopy) with the Gram matrix D D^T from z = 0 down to
    lambda, one iteration per step, then checks optimality with a coordinate-descent pass
    over all atoms; it stays the default because its codes are exact (no tolerance) and, on
    whitened 8x8 patches, it is about as fast as cd. cd is approximate coordinate descent with
    the Gram matrix: greedy moves, passes over all atoms and over the support, and (at tol
    below 1e-2) exact solves on the support; its default tol is 1e-2 (mean relative objective
    gap ~4e-6 on whitened patches with a learned dictionary, ~4e-5 with the coherent DCT one;
    tol 5e-2 is ~2x faster at a gap of ~6e-4 with the learned one, tol 1e-4 is near exact). fista and
    ista are proximal gradient with step 1/L, L the largest eigenvalue of D D^T. A row stops
    when its code changes by at most tol times its norm in an iteration (lars: in the checking
    pass; cd: in a pass over all atoms), or after max-iter iterations. Frames are
    coded on all cores. Memory: the dictionary, its Gram matrix and one frame.

    With --encoder FILE (made by lista-train) the codes come from the trained LISTA encoder
    instead: K steps z(1) = h(y W_e), z(t+1) = h(y W_e + z(t) S), batched like FISTA, with
    no solver options. --dict is then optional; when given, it must be the dictionary the
    encoder was trained for (its fingerprint is checked), and --report states the energy.

    With --algorithm omp the codes are l0 ones instead (scikit-learn's sparse_encode
    algorithm='omp'): per row, atoms are added greedily, each time the one most correlated
    with the residual, and z is the least-squares fit of y on the atoms chosen, until
    --atoms-per-row K atoms or ||y - z D||^2 <= --error E, whichever comes first (give one or
    both). --algorithm ormp is order-recursive matching pursuit, the rule of SPAMS' omp: each
    step adds the atom whose least-squares refit lowers ||y - z D||^2 the most (its correlation
    with the residual over its norm off the atoms chosen); the two agree when the atoms are
    orthogonal. Batch-OMP (Rubinstein et al. 2008): the Gram matrix D D^T once, y D^T per row, a
    Cholesky factor grown by one row per atom, the residual tracked without forming it; rows on
    all cores. lambda, tol, max-iter and positive do not apply; --report states the mean
    squared residual and the rows that ran out of atoms above E.
    """,
    options: [dictionaryOption, encoderOption, lambdaOption, maxIterationsOption, toleranceOption, algorithmOption, atomsPerRowOption, errorOption,
              positiveFlag, reportFlag, SharedOptions.filesFrom],
    example: "patchify photo.png | whiten --model zca.lpt | sparse-encode --dict W.lpt --lambda 1 --report > codes.lpt")

/// The input frame with its data replaced by the codes `[rows, atoms]` and the attributes
/// sparse-reconstruct and users read; every other tensor and attribute passes through.
func codesFrame(_ frame: Frame, codes: [Float], rows: Int, atoms: Int, features: Int, lambda: Double) -> Frame {
    var out = frame
    out["data"] = Tensor(shape: [rows, atoms], floats: codes)
    out.setAttribute("lambda", .number(lambda))
    out.setAttribute("atoms", .number(Double(atoms)))
    out.setAttribute("features", .number(Double(features)))
    return out
}

/// The coder the options ask for, its λ, what it is (for messages) and a note for the report.
func coder(_ context: ToolContext) throws -> (coder: SparseCoder, lambda: Double, what: String, note: String) {
    let dictionary = try context.given(dictionaryOption).map { try DictionaryModel.read(path: $0) }
    if let encoderPath = context.given(encoderOption) {
        let solverOptions: [any DeclaredOption] = [algorithmOption, toleranceOption, maxIterationsOption, positiveFlag, lambdaOption]
        for declared in solverOptions where context.has(declared) {
            throw UsageError("--\(declared.option.name) does not apply with --encoder (the encoder was trained for its lambda and steps)")
        }
        let model = try LISTAModel.read(path: encoderPath)
        if let dictionary, dictionary.atoms != model.encoder.atoms || dictionary.features != model.encoder.features || dictionary.fingerprint != model.dictionaryFingerprint {
            throw ToolFailure("\(encoderPath) was trained for another dictionary than \(dictionary.path) (fingerprint \(model.dictionaryFingerprint ?? "none") vs \(dictionary.fingerprint)); train one for it with lista-train --dict \(dictionary.path)")
        }
        return (.lista(model.encoder, lambda: Float(model.lambda), dictionary: dictionary?.values), model.lambda,
                "the encoder \(encoderPath) takes \(model.encoder.features); use an encoder made for this data", "LISTA depth \(model.encoder.depth), ")
    }
    guard let dictionary else { throw UsageError("--dict FILE is required (a dictionary [atoms, features]), or --encoder FILE (a LISTA encoder)") }
    let mismatch = "the dictionary \(dictionary.path) has \(dictionary.features) (\(dictionary.atoms) atoms x \(dictionary.features)); use a dictionary made for this data"
    let algorithmName = try context.value(algorithmOption)
    if let rule = OMPEncoder.Options.Rule(rawValue: algorithmName) {
        for declared in [lambdaOption, toleranceOption, maxIterationsOption, positiveFlag] as [any DeclaredOption] where context.has(declared) {
            throw UsageError("--\(declared.option.name) does not apply with --algorithm \(algorithmName) (it stops by --atoms-per-row and --error)")
        }
        let options = OMPEncoder.Options(atomsPerRow: context.given(atomsPerRowOption), errorTarget: context.given(errorOption), rule: rule)
        guard options.atomsPerRow != nil || options.errorTarget != nil else {
            throw UsageError("--algorithm \(algorithmName) needs --atoms-per-row K, --error E or both (when to stop adding atoms to a row)")
        }
        do { try options.validate(atoms: dictionary.atoms, features: dictionary.features) } catch { throw UsageError("\(error)") }
        let encoder = OMPEncoder(dictionary: dictionary.values, atoms: dictionary.atoms, features: dictionary.features)
        return (.omp(encoder, options), 0, mismatch, "\(rule.rawValue.uppercased()), ")
    }
    for declared in [atomsPerRowOption, errorOption] as [any DeclaredOption] where context.has(declared) {
        throw UsageError("--\(declared.option.name) applies only with --algorithm omp or ormp")
    }
    guard let algorithm = LassoEncoder.Algorithm(rawValue: algorithmName) else { throw UsageError("unknown --algorithm") }
    let tolerance = context.given(toleranceOption)
        ?? (algorithm == .cd ? Double(LassoEncoder.recommendedCoordinateDescentTolerance) : toleranceOption.defaultValue!)
    let lambda = try context.given(lambdaOption) ?? dictionary.frame.optionalNumber("lambda", in: 0...1e30, of: dictionary.path) ?? 1
    let options = LassoEncoder.Options(lambda: Float(lambda), maxIterations: try context.value(maxIterationsOption), tolerance: Float(tolerance),
                                       algorithm: algorithm, positive: context.has(positiveFlag))
    do { try options.validate(atoms: dictionary.atoms) } catch { throw UsageError("\(error)") }
    let encoder = LassoEncoder(dictionary: dictionary.values, atoms: dictionary.atoms, features: dictionary.features)
    return (.lasso(encoder, options), lambda, mismatch, "")
}

ToolRunner.run(description) { context in
    let (coder, lambda, what, note) = try coder(context)
    let started = monotonicSeconds()
    var totals = SparseCoder.Totals()
    try context.forEachFrame { frame in
        let data = try frame.dataMatrix()
        guard data.rowLength == coder.features else { throw ToolFailure("data rows have \(data.rowLength) features but \(what)") }
        try data.requireFinite("data")
        let codes = coder.encode(data.floats, rows: data.rows, totals: &totals)
        try context.write(codesFrame(frame, codes: codes, rows: data.rows, atoms: coder.atoms, features: coder.features, lambda: lambda))
        context.progress("\(totals.rows) rows, \(format(Double(totals.rows) / (monotonicSeconds() - started), "%.0f")) rows/s")
    }
    if context.has(reportFlag) {
        let rows = Double(totals.rows)
        let energy = totals.squaredResidual.map { "mean squared residual \(format($0 / rows)) (||y - zD||^2), \(totals.rowsAboveTarget) rows above the error target" }
            ?? totals.energy.map { "mean energy \(format($0 / rows)) (1/2||y - zD||^2 + lambda||z||_1, lambda \(format(lambda)))" } ?? "mean energy unknown (give --dict)"
        let iterations = totals.iterations.map { ", mean iterations \(format($0 / rows, "%.1f"))" } ?? ""
        context.note("sparse-encode: \(totals.rows) rows, \(note)\(energy), mean non-zeros \(format(totals.nonZeros / rows, "%.2f")) of \(coder.atoms) per row\(iterations), \(format(rows / (monotonicSeconds() - started), "%.0f")) rows/s")
    }
}
