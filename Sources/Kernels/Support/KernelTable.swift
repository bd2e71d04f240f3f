// The engine's hot loops as a table of functions: each kernel module (Kernels/AVX512, AVX2,
// Portable) exports one, compiled for its instruction set from the same sources, and the
// engine calls through the table it chose at start. Every entry does enough work per call
// (a tile of a product, a row of a solver) that the indirect call does not show.

/// One kernel path's functions; the labelled methods document each entry.
public struct KernelTable: Sendable {
    /// The instruction set these kernels are compiled for.
    public let path: KernelPath
    /// The register tile: rows of A and columns of B per micro-kernel call. B is packed in
    /// panels `panelWidth` wide; row splits across threads fall on multiples of `tileRows`.
    public let tileRows: Int
    public let panelWidth: Int

    public typealias Product = @Sendable (
        _ rows: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ transposedA: Bool,
        _ packed: UnsafePointer<Float>, _ depth: Int, _ columns: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) -> Void
    public typealias Packing = @Sendable (
        _ b: UnsafePointer<Float>, _ depth: Int, _ columns: Int, _ stride: Int, _ transposed: Bool,
        _ out: UnsafeMutablePointer<Float>) -> Void
    public typealias Homotopy = @Sendable (
        _ c: UnsafePointer<Float>, _ gram: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>,
        _ r: UnsafeMutablePointer<Float>, _ support: UnsafeMutablePointer<Int32>, _ atoms: Int,
        _ lambda: Float, _ positive: Bool, _ maxSteps: Int, _ steps: inout Int, _ work: HomotopyWorkspace
    ) -> (supportSize: Int, reached: Bool)
    public typealias CoordinateDescent = @Sendable (
        _ c: UnsafePointer<Float>, _ gram: UnsafePointer<Float>, _ steps: UnsafePointer<Float>,
        _ thresholds: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, _ r: UnsafeMutablePointer<Float>,
        _ support: UnsafeMutablePointer<Int32>, _ supportSize: Int, _ atoms: Int, _ lambda: Float,
        _ tolerance2: Double, _ positive: Bool, _ maxPasses: Int, _ work: HomotopyWorkspace
    ) -> (passes: Int, converged: Bool)
    public typealias Correlations = @Sendable (
        _ r: UnsafeMutablePointer<Float>, _ c: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
        _ support: UnsafePointer<Int32>, _ supportSize: Int, _ gram: UnsafePointer<Float>, _ atoms: Int) -> Void
    public typealias Axpy = @Sendable (
        _ r: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, _ count: Int) -> Void
    public typealias GreedyMove = @Sendable (
        _ z: UnsafePointer<Float>, _ r: UnsafePointer<Float>, _ steps: UnsafePointer<Float>,
        _ thresholds: UnsafePointer<Float>, _ atoms: Int, _ positive: Bool) -> (atom: Int, value: Float)
    public typealias GreedyMoveAfterUpdate = @Sendable (
        _ a: Float, _ x: UnsafePointer<Float>, _ r: UnsafeMutablePointer<Float>, _ z: UnsafePointer<Float>,
        _ steps: UnsafePointer<Float>, _ thresholds: UnsafePointer<Float>, _ atoms: Int, _ positive: Bool
    ) -> (atom: Int, value: Float)
    public typealias Proximal = @Sendable (
        _ x: UnsafeMutablePointer<Float>, _ gradient: UnsafeMutablePointer<Float>,
        _ offset: UnsafeMutablePointer<Float>?, _ z: UnsafeMutablePointer<Float>, _ count: Int,
        _ step: Float, _ threshold: Float, _ positive: Bool) -> (change: Float, size: Float, uphill: Float)
    public typealias Extrapolation = @Sendable (
        _ x: UnsafeMutablePointer<Float>, _ next: UnsafeMutablePointer<Float>, _ z: UnsafeMutablePointer<Float>,
        _ count: Int, _ beta: Float) -> Void
    public typealias Combination = @Sendable (
        _ rows: UnsafePointer<Float>, _ weights: UnsafePointer<Float>, _ count: Int, _ length: Int,
        _ base: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) -> Void
    public typealias Adam = @Sendable (
        _ parameters: UnsafeMutablePointer<Float>, _ gradient: UnsafePointer<Float>,
        _ first: UnsafeMutablePointer<Float>, _ second: UnsafeMutablePointer<Float>, _ count: Int,
        _ rates: AdamRates) -> Void
    public typealias UnpackedProduct = @Sendable (
        _ rows: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ depthStride: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int, _ depth: Int, _ columns: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int) -> Void
    public typealias Sigmoid = @Sendable (
        _ x: UnsafeMutablePointer<Float>, _ rows: Int, _ bias: UnsafePointer<Float>, _ columns: Int) -> Void
    public typealias PursuitStep = @Sendable (
        _ gramRow: UnsafePointer<Float>?, _ basis: UnsafeMutablePointer<Float>, _ weights: UnsafePointer<Float>,
        _ count: Int, _ inversePivot: Float, _ projection: Float, _ alpha: UnsafeMutablePointer<Float>,
        _ norms: UnsafeMutablePointer<Float>, _ floors: UnsafePointer<Float>, _ atoms: Int, _ orderRecursive: Bool) -> Int

    let product: Product
    let packing: Packing
    let homotopy: Homotopy
    let coordinateDescent: CoordinateDescent
    let correlations: Correlations
    let axpy: Axpy
    let greedyMove: GreedyMove
    let greedyMoveAfterUpdate: GreedyMoveAfterUpdate
    let proximal: Proximal
    let extrapolation: Extrapolation
    let combination: Combination
    let adam: Adam
    let sigmoid: Sigmoid
    let unpacked: UnpackedProduct
    let pursuit: PursuitStep

    /// A kernel module's table (see Kernels/Shared/KernelTable+Module.swift).
    public init(
        path: KernelPath, tileRows: Int, panelWidth: Int, product: @escaping Product,
        packing: @escaping Packing, homotopy: @escaping Homotopy,
        coordinateDescent: @escaping CoordinateDescent, correlations: @escaping Correlations,
        axpy: @escaping Axpy, greedyMove: @escaping GreedyMove,
        greedyMoveAfterUpdate: @escaping GreedyMoveAfterUpdate, proximal: @escaping Proximal,
        extrapolation: @escaping Extrapolation, combination: @escaping Combination, adam: @escaping Adam,
        sigmoid: @escaping Sigmoid, unpackedProduct: @escaping UnpackedProduct, pursuitStep: @escaping PursuitStep
    ) {
        self.path = path
        self.tileRows = tileRows
        self.panelWidth = panelWidth
        self.product = product
        self.packing = packing
        self.homotopy = homotopy
        self.coordinateDescent = coordinateDescent
        self.correlations = correlations
        self.axpy = axpy
        self.greedyMove = greedyMove
        self.greedyMoveAfterUpdate = greedyMoveAfterUpdate
        self.proximal = proximal
        self.extrapolation = extrapolation
        self.combination = combination
        self.adam = adam
        self.sigmoid = sigmoid
        unpacked = unpackedProduct
        pursuit = pursuitStep
    }

    /// The number of floats `packRight` writes for B `[depth, columns]`.
    public func packedCount(depth: Int, columns: Int) -> Int {
        depth * ((columns + panelWidth - 1) / panelWidth) * panelWidth
    }

    /// Packs B `[depth, columns]` (row stride `stride`), or, when `transposed`, Bᵀ from a
    /// matrix stored as `[columns, depth]`, into `out` (`packedCount` floats) for `multiply`.
    public func packRight(
        _ b: UnsafePointer<Float>, depth: Int, columns: Int, stride: Int, transposed: Bool,
        into out: UnsafeMutablePointer<Float>
    ) {
        packing(b, depth, columns, stride, transposed, out)
    }

    /// C `[rows, columns]` (row stride `ldc`) = A·B, or += A·B when `accumulate`, B packed by
    /// `packRight`. A is `[rows, depth]` (row stride `lda`), or Aᵀ `[depth, rows]` when
    /// `transposedA`. On the calling thread.
    public func multiply(
        rows: Int, _ a: UnsafePointer<Float>, lda: Int, transposedA: Bool,
        packed b: UnsafePointer<Float>, depth: Int, columns: Int,
        _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        product(rows, a, lda, transposedA, b, depth, columns, c, ldc, accumulate)
    }

    /// The LARS-lasso path for one row (Kernels/Shared/HomotopyRow.swift).
    public func homotopyRow(
        c: UnsafePointer<Float>, gram: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>,
        r: UnsafeMutablePointer<Float>, support: UnsafeMutablePointer<Int32>, atoms: Int,
        lambda: Float, positive: Bool, maxSteps: Int, steps: inout Int, _ work: HomotopyWorkspace
    ) -> (supportSize: Int, reached: Bool) {
        homotopy(c, gram, z, r, support, atoms, lambda, positive, maxSteps, &steps, work)
    }

    /// Coordinate descent with an active set for one row (Kernels/Shared/CoordinateDescentRow.swift).
    public func coordinateDescentRow(
        c: UnsafePointer<Float>, gram: UnsafePointer<Float>, steps: UnsafePointer<Float>,
        thresholds: UnsafePointer<Float>, z: UnsafeMutablePointer<Float>, r: UnsafeMutablePointer<Float>,
        support: UnsafeMutablePointer<Int32>, supportSize: Int, atoms: Int, lambda: Float,
        tolerance2: Double, positive: Bool, maxPasses: Int, _ work: HomotopyWorkspace
    ) -> (passes: Int, converged: Bool) {
        coordinateDescent(c, gram, steps, thresholds, z, r, support, supportSize, atoms, lambda,
                          tolerance2, positive, maxPasses, work)
    }

    /// r = c − z·G from the support of z.
    public func residualCorrelations(
        _ r: UnsafeMutablePointer<Float>, c: UnsafePointer<Float>, z: UnsafePointer<Float>,
        support: UnsafePointer<Int32>, supportSize: Int, gram: UnsafePointer<Float>, atoms: Int
    ) {
        correlations(r, c, z, support, supportSize, gram, atoms)
    }

    /// r += a·x over `count` floats.
    public func addScaled(_ r: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, count: Int) {
        axpy(r, a, x, count)
    }

    /// The coordinate whose shrinkage step moves z the most, and its new value ((−1, 0) if none).
    public func largestMove(
        z: UnsafePointer<Float>, r: UnsafePointer<Float>, steps: UnsafePointer<Float>,
        thresholds: UnsafePointer<Float>, atoms: Int, positive: Bool
    ) -> (atom: Int, value: Float) {
        greedyMove(z, r, steps, thresholds, atoms, positive)
    }

    /// r += a·x, then `largestMove` on the new r, in one pass.
    public func largestMoveAfterAddingScaled(
        _ a: Float, _ x: UnsafePointer<Float>, to r: UnsafeMutablePointer<Float>, z: UnsafePointer<Float>,
        steps: UnsafePointer<Float>, thresholds: UnsafePointer<Float>, atoms: Int, positive: Bool
    ) -> (atom: Int, value: Float) {
        greedyMoveAfterUpdate(a, x, r, z, steps, thresholds, atoms, positive)
    }

    /// One row's proximal gradient step, written over `gradient`; returns ‖next − z‖², ‖next‖²
    /// and the restart test (Kernels/Shared/ProximalStep.swift).
    public func proximalStep(
        x: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, offset: UnsafeMutablePointer<Float>?,
        z: UnsafeMutablePointer<Float>, count: Int, step: Float, threshold: Float, positive: Bool
    ) -> (change: Float, size: Float, uphill: Float) {
        proximal(x, gradient, offset, z, count, step, threshold, positive)
    }

    /// x = next + beta·(next − z), then z = next, for one row.
    public func extrapolate(
        x: UnsafeMutablePointer<Float>, next: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>,
        count: Int, beta: Float
    ) {
        extrapolation(x, next, z, count, beta)
    }

    /// out = base − Σ_k weights[k]·rows[k] for `count` rows of `length` floats.
    public func subtractCombination(
        of rows: UnsafePointer<Float>, weights: UnsafePointer<Float>, count: Int, length: Int,
        from base: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) {
        combination(rows, weights, count, length, base, out)
    }

    /// One Adam step over `count` parameters, their gradient and moments (Kernels/Shared/AdamUpdate.swift).
    public func adamUpdate(
        parameters: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
        first: UnsafeMutablePointer<Float>, second: UnsafeMutablePointer<Float>, count: Int, rates: AdamRates
    ) {
        adam(parameters, gradient, first, second, count, rates)
    }

    /// x ← σ(x + bias) in place for `rows` rows of `bias`'s `columns` values (Kernels/Shared/SigmoidRows.swift):
    /// the bits of NeuralNetworks' `applySigmoid`.
    public func sigmoidRows(_ x: UnsafeMutablePointer<Float>, rows: Int, addingToEachRow bias: UnsafePointer<Float>, columns: Int) {
        sigmoid(x, rows, bias, columns)
    }

    /// The largest depth `multiplyUnpacked` takes (one depth block of the blocked product).
    public static let unpackedDepthLimit = 256

    /// C `[rows, columns]` (row stride `ldc`) = A·B with B row-major `[depth, columns]` (row
    /// stride `ldb`) read in place, A's element (r, k) at `a[r·rowStride + k·depthStride]`
    /// (Kernels/Shared/UnpackedProduct.swift): for products too small for packing to pay; the
    /// bits of `multiply`. On the calling thread.
    /// - Precondition: depth ≤ `unpackedDepthLimit`.
    public func multiplyUnpacked(
        rows: Int, _ a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        _ b: UnsafePointer<Float>, ldb: Int, depth: Int, columns: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        unpacked(rows, a, rowStride, depthStride, b, ldb, depth, columns, c, ldc)
    }

    /// One step of matching pursuit for one row (Kernels/Shared/PursuitStep.swift): with
    /// `gramRow` (the Gram row of the atom just chosen), the new orthonormal direction's row
    /// W_count = (gramRow − Σ_{i<count} weights[i]·W_i)·inversePivot of `basis` `[·, atoms]`,
    /// α −= projection·W_count and, when `orderRecursive`, norms −= W_count²; then the next atom
    /// among those with norms > floors: the largest |α| (OMP) or α²/norms (ORMP), ties to the
    /// lowest index, −1 when no score is above 0.
    public func pursuitStep(
        gramRow: UnsafePointer<Float>?, basis: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>, count: Int,
        inversePivot: Float, projection: Float, alpha: UnsafeMutablePointer<Float>, norms: UnsafeMutablePointer<Float>,
        floors: UnsafePointer<Float>, atoms: Int, orderRecursive: Bool
    ) -> Int {
        pursuit(gramRow, basis, weights, count, inversePivot, projection, alpha, norms, floors, atoms, orderRecursive)
    }
}
