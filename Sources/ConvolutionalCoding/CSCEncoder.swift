import Fourier
import SparseCoding

/// Convolutional sparse coding: finds feature maps Z `[M, H, W]` minimising
/// ½‖Y − Σ_m K_m * Z_m‖² + λ Σ_m ‖Z_m‖₁ for an image Y `[C, H, W]` (circular convolution on the
/// image's grid, SPORCO's convention). The kernels' spectra are computed once per image size
/// and kept for the last sizes seen.
///
/// Not shareable between threads (it caches); each call uses every thread of `options.threads`.
public final class CSCEncoder {
    public let kernels: ConvolutionKernels
    public let options: CSCEncoderOptions
    private var operators: [(height: Int, width: Int, value: ConvolutionOperator)] = []

    /// An encoder of `kernels` with `options`, checked.
    public init(kernels: ConvolutionKernels, options: CSCEncoderOptions = CSCEncoderOptions()) throws(ConvolutionalCodingError) {
        try options.validate()
        self.kernels = kernels
        self.options = options
    }

    /// The operator of the kernels on `height × width` images (cached: the last two sizes).
    public func convolutionOperator(height: Int, width: Int) throws(ConvolutionalCodingError) -> ConvolutionOperator {
        if let cached = operators.first(where: { $0.height == height && $0.width == width }) { return cached.value }
        let made = try ConvolutionOperator(kernels: kernels, height: height, width: width, threads: options.threads)
        operators.append((height, width, made))
        if operators.count > 2 { operators.removeFirst() }
        return made
    }

    /// The feature maps of `image` (`[C, H, W]`, C = the kernels' channels), starting from
    /// `warmStart` (maps `[M, H, W]`) when given, else from zero.
    public func encode(_ image: PlaneStack, warmStart: PlaneStack? = nil) throws(ConvolutionalCodingError) -> CSCEncodeResult {
        try encode(image, warmStart: warmStart, support: nil)
    }

    /// The feature maps of `image`, held at zero off `support` when given.
    func encode(_ image: PlaneStack, warmStart: PlaneStack?, support: MapSupport?) throws(ConvolutionalCodingError) -> CSCEncodeResult {
        try check(image)
        if let start = warmStart {
            guard start.planes == kernels.count, start.height == image.height, start.width == image.width else {
                throw ConvolutionalCodingError("the starting maps are \(start.planes)x\(start.height)x\(start.width), not \(kernels.count)x\(image.height)x\(image.width)")
            }
            guard start.firstNonFinite == nil else { throw ConvolutionalCodingError("the starting maps hold NaN or infinity") }
        }
        let op = try convolutionOperator(height: image.height, width: image.width)
        switch options.algorithm {
        case .fista: return FISTASolver(op: op, options: options, support: support).solve(image, warmStart: warmStart)
        case .admm: return ADMMSolver(op: op, options: options, support: support).solve(image, warmStart: warmStart)
        }
    }

    /// Fails if `image` cannot be coded with these kernels.
    func check(_ image: PlaneStack) throws(ConvolutionalCodingError) {
        guard image.planes == kernels.channels else {
            throw ConvolutionalCodingError("the kernels have \(kernels.channels) channel\(kernels.channels == 1 ? "" : "s") but the image has \(image.planes); use kernels learned on \(image.planes == 1 ? "grey" : "\(image.planes)-channel") images")
        }
        guard image.height >= kernels.height, image.width >= kernels.width else {
            throw ConvolutionalCodingError("the image (\(image.height)x\(image.width)) is smaller than the kernels (\(kernels.height)x\(kernels.width))")
        }
        try image.requireFinite()
    }
}
