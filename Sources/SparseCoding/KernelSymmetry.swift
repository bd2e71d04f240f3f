// How rotation-symmetric a convolution kernel is: the quantitative form of "the single learned
// kernel is centre-surround" (it looks the same turned by any angle) as against an edge or a
// grating (which turned by 90° becomes another kernel). Pure math on [C, S1, S2] buffers.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The correlations of a kernel with its own rotations about its centre.
///
/// A kernel is `channels·height·width` values, channel-major `[C, S1, S2]` as a kernels file
/// holds them (each channel row-major, y down, x right); the centre is ((S1−1)/2, (S2−1)/2),
/// between pixels for an even side. A correlation is the normalised inner product
/// ⟨k, R k⟩ / (‖k‖·‖R k‖) over the compared pixels and all channels, with the kernel's mean
/// **not** removed (a constant or Gaussian blob is rotation-symmetric too); 0 when either norm
/// is 0. All three are invariant to the kernel's sign and scale and lie in [−1, 1].
public struct KernelSymmetry: Sendable, Equatable {
    /// With the kernel turned by 90°: every pixel when the kernel is square (the turn maps the
    /// grid onto itself), else the inscribed disc as for `eighthTurn`. A centre-surround
    /// kernel gives ≈ 1, an edge or a grating ≈ 0 (a horizontal edge turned is a vertical one).
    public var quarterTurn: Double
    /// With the kernel turned by 180° (every pixel): ≈ 1 for even kernels (centre-surround,
    /// bar), ≈ −1 for odd ones (a step edge turned is the same edge of the other polarity).
    public var halfTurn: Double
    /// With the kernel turned by 45°, sampled bilinearly, comparing only the pixels whose centre
    /// lies within (min(S1, S2) − 1)/2 of the kernel's centre (the inscribed disc, so that
    /// every turned sample falls inside the kernel). ≈ 1 for a smooth centre-surround kernel.
    public var eighthTurn: Double

    public init(quarterTurn: Double, halfTurn: Double, eighthTurn: Double) {
        self.quarterTurn = quarterTurn
        self.halfTurn = halfTurn
        self.eighthTurn = eighthTurn
    }

    /// The radial-symmetry measure: the mean of `quarterTurn` and `eighthTurn`. Near 1 only for
    /// a kernel that looks the same at every angle (centre-surround); low for oriented kernels.
    public var radialSymmetry: Double { (quarterTurn + eighthTurn) / 2 }
}

/// The rotation correlations of one kernel `[channels, height, width]` (channel-major); see
/// `KernelSymmetry`. The kernel must be finite. Cost: O(channels·height·width) per turn.
public func kernelSymmetry(_ kernel: UnsafeBufferPointer<Float>, channels: Int, height: Int, width: Int) -> KernelSymmetry {
    precondition(channels >= 1 && height >= 1 && width >= 1, "kernelSymmetry: empty kernel \(channels)x\(height)x\(width)")
    precondition(kernel.count == channels * height * width,
                 "kernelSymmetry: \(kernel.count) values is not a \(channels)x\(height)x\(width) kernel")
    let turner = KernelRotation(kernel: kernel, channels: channels, height: height, width: width)
    return KernelSymmetry(quarterTurn: turner.correlation(quarterTurns: 1, disc: height != width),
                          halfTurn: turner.correlation(quarterTurns: 2, disc: false),
                          eighthTurn: turner.correlation(eighthTurns: 1))
}

/// The rotation correlations of one kernel `[channels, height, width]`; see the buffer form.
public func kernelSymmetry(_ kernel: [Float], channels: Int, height: Int, width: Int) -> KernelSymmetry {
    kernel.withUnsafeBufferPointer { kernelSymmetry($0, channels: channels, height: height, width: width) }
}

/// One kernel and the geometry of turning it about its centre.
struct KernelRotation {
    let kernel: UnsafeBufferPointer<Float>
    let channels: Int, height: Int, width: Int
    let centreY: Double, centreX: Double

    init(kernel: UnsafeBufferPointer<Float>, channels: Int, height: Int, width: Int) {
        self.kernel = kernel
        self.channels = channels
        self.height = height
        self.width = width
        centreY = Double(height - 1) / 2
        centreX = Double(width - 1) / 2
    }

    /// Correlation with the kernel turned by `quarterTurns`·90°, over every pixel or the disc.
    func correlation(quarterTurns: Int, disc: Bool) -> Double {
        // Exact cosines and sines of multiples of 90°, so that the turned grid lands on pixels.
        let (cosine, sine): (Double, Double) = [(1, 0), (0, 1), (-1, 0), (0, -1)][quarterTurns % 4]
        return correlation(cosine: cosine, sine: sine, disc: disc)
    }

    /// Correlation with the kernel turned by `eighthTurns`·45°, over the inscribed disc.
    func correlation(eighthTurns: Int) -> Double {
        let angle = Double(eighthTurns) * Double.pi / 4
        return correlation(cosine: cos(angle), sine: sin(angle), disc: true)
    }

    /// ⟨k, R k⟩ / (‖k‖·‖R k‖) over the compared pixels, where (R k)(p) = k(R⁻¹(p − c) + c) is
    /// sampled bilinearly. Without `disc` the caller guarantees the turn maps the grid onto itself.
    func correlation(cosine: Double, sine: Double, disc: Bool) -> Double {
        let radius = Double(min(height, width) - 1) / 2
        var product = 0.0, kernelEnergy = 0.0, turnedEnergy = 0.0
        for y in 0..<height {
            for x in 0..<width {
                let dy = Double(y) - centreY, dx = Double(x) - centreX
                if disc && dy * dy + dx * dx > radius * radius * (1 + 1e-12) { continue }
                // The inverse turn of p about the centre: where p's turned value comes from.
                let sourceY = centreY + cosine * dy - sine * dx
                let sourceX = centreX + sine * dy + cosine * dx
                for channel in 0..<channels {
                    let value = Double(kernel[(channel * height + y) * width + x])
                    let turned = sample(channel: channel, y: sourceY, x: sourceX)
                    product += value * turned
                    kernelEnergy += value * value
                    turnedEnergy += turned * turned
                }
            }
        }
        let norms = (kernelEnergy * turnedEnergy).squareRoot()
        guard norms > 0 else { return 0 }
        return min(max(product / norms, -1), 1)
    }

    /// Bilinear sample of one channel at (y, x), which lies within the kernel up to rounding.
    func sample(channel: Int, y: Double, x: Double) -> Double {
        let (y0, fy) = cell(y, size: height), (x0, fx) = cell(x, size: width)
        let y1 = min(y0 + 1, height - 1), x1 = min(x0 + 1, width - 1)
        let base = channel * height * width
        func at(_ row: Int, _ column: Int) -> Double { Double(kernel[base + row * width + column]) }
        let top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx
        let bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// The pixel at or before `coordinate` (clamped to the kernel) and the fraction past it; a
    /// coordinate within 1e-9 of a pixel snaps to it, so 90° turns sample pixels exactly.
    func cell(_ coordinate: Double, size: Int) -> (Int, Double) {
        let nearest = coordinate.rounded()
        let snapped = abs(coordinate - nearest) < 1e-9 ? nearest : coordinate
        let clamped = min(max(snapped, 0), Double(size - 1))
        let index = min(Int(clamped.rounded(.down)), max(size - 2, 0))
        return (index, clamped - Double(index))
    }
}
