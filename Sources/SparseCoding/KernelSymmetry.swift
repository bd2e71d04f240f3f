// How rotation-symmetric a convolution kernel is: the quantitative form of "the single learned
// kernel is centre-surround" (it looks the same turned by any angle) as against an edge or a
// grating (which turned by 90° becomes another kernel). Pure math on [C, S1, S2] buffers.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The correlations of a kernel with its own rotations about its centre of energy.
///
/// A kernel is `channels·height·width` values, channel-major `[C, S1, S2]` as a kernels file
/// holds them (each channel row-major, y down, x right), and zero outside its support. It is
/// turned about its centre of energy (the mean pixel position weighted by the squared values
/// summed over channels, rounded to the nearest point whose two coordinates are both whole or
/// both half: the turns by 90° then map pixels onto pixels) rather than the middle of the
/// support, because convolution kernels are defined up to a shift: a learned centre-surround
/// blob need not sit in the middle of its support. A correlation is the normalised inner
/// product ⟨k, R k⟩ / (‖k‖·‖R k‖) over the compared pixels and all channels, with the kernel's
/// mean **not** removed (a Gaussian blob is rotation-symmetric too); 0 when either norm is 0.
/// All three are invariant to the kernel's sign and scale and lie in [−1, 1].
public struct KernelSymmetry: Sendable, Equatable {
    /// With the kernel turned by 90°, over every pixel (the turned support included). A
    /// centre-surround kernel gives ≈ 1, an edge or a grating ≈ 0 (a horizontal edge turned is
    /// a vertical one).
    public var quarterTurn: Double
    /// With the kernel turned by 180°, over every pixel: ≈ 1 for even kernels (centre-surround,
    /// bar), ≈ −1 for odd ones (a step edge turned is the same edge of the other polarity).
    public var halfTurn: Double
    /// With the kernel turned by 45°, sampled bilinearly, over the pixels within
    /// (min(S1, S2) − 1)/2 of the centre (a disc as wide as the support, leaving out the corners
    /// that a 45° turn moves off the support). ≈ 1 for a smooth centre-surround kernel.
    public var eighthTurn: Double
    /// The centre the kernel was turned about, (y, x) in pixels from the top-left pixel's centre.
    public var centreY: Double, centreX: Double

    public init(quarterTurn: Double, halfTurn: Double, eighthTurn: Double, centreY: Double, centreX: Double) {
        self.quarterTurn = quarterTurn
        self.halfTurn = halfTurn
        self.eighthTurn = eighthTurn
        self.centreY = centreY
        self.centreX = centreX
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
    return KernelSymmetry(quarterTurn: turner.correlation(quarterTurns: 1), halfTurn: turner.correlation(quarterTurns: 2),
                          eighthTurn: turner.correlation(eighthTurns: 1), centreY: turner.centreY, centreX: turner.centreX)
}

/// The rotation correlations of one kernel `[channels, height, width]`; see the buffer form.
public func kernelSymmetry(_ kernel: [Float], channels: Int, height: Int, width: Int) -> KernelSymmetry {
    kernel.withUnsafeBufferPointer { kernelSymmetry($0, channels: channels, height: height, width: width) }
}

/// One kernel, zero outside its support, and the geometry of turning it about its centre.
struct KernelRotation {
    let kernel: UnsafeBufferPointer<Float>
    let channels: Int, height: Int, width: Int
    let centreY: Double, centreX: Double

    init(kernel: UnsafeBufferPointer<Float>, channels: Int, height: Int, width: Int) {
        self.kernel = kernel
        self.channels = channels
        self.height = height
        self.width = width
        var energy = 0.0, sumY = 0.0, sumX = 0.0
        for channel in 0..<channels {
            for y in 0..<height {
                for x in 0..<width {
                    let value = Double(kernel[(channel * height + y) * width + x])
                    energy += value * value
                    sumY += value * value * Double(y)
                    sumX += value * value * Double(x)
                }
            }
        }
        let (meanY, meanX) = energy > 0 ? (sumY / energy, sumX / energy) : (Double(height - 1) / 2, Double(width - 1) / 2)
        // The nearest point of the two lattices that 90° turns map onto pixels.
        let whole = (meanY.rounded(), meanX.rounded())
        let half = ((meanY - 0.5).rounded() + 0.5, (meanX - 0.5).rounded() + 0.5)
        func distance(_ p: (Double, Double)) -> Double { (p.0 - meanY) * (p.0 - meanY) + (p.1 - meanX) * (p.1 - meanX) }
        (centreY, centreX) = distance(whole) <= distance(half) ? whole : half
    }

    /// Correlation with the kernel turned by `quarterTurns`·90°, over every pixel.
    func correlation(quarterTurns: Int) -> Double {
        // Exact cosines and sines of multiples of 90°, so that the turned grid lands on pixels.
        let (cosine, sine): (Double, Double) = [(1, 0), (0, 1), (-1, 0), (0, -1)][quarterTurns % 4]
        return correlation(cosine: cosine, sine: sine, radius: nil)
    }

    /// Correlation with the kernel turned by `eighthTurns`·45°, over the disc.
    func correlation(eighthTurns: Int) -> Double {
        let angle = Double(eighthTurns) * Double.pi / 4
        return correlation(cosine: cos(angle), sine: sin(angle), radius: Double(min(height, width) - 1) / 2)
    }

    /// ⟨k, R k⟩ / (‖k‖·‖R k‖) over the pixels within `radius` of the centre (every pixel when
    /// nil), where (R k)(p) = k(R⁻¹(p − c) + c) is sampled bilinearly, k zero off its support.
    func correlation(cosine: Double, sine: Double, radius: Double?) -> Double {
        // The support, its turn and the disc all lie within one support size of the support.
        var product = 0.0, kernelEnergy = 0.0, turnedEnergy = 0.0
        for y in -height..<(2 * height) {
            for x in -width..<(2 * width) {
                let dy = Double(y) - centreY, dx = Double(x) - centreX
                if let radius, dy * dy + dx * dx > radius * radius * (1 + 1e-12) { continue }
                // The inverse turn of p about the centre: where p's turned value comes from.
                let sourceY = centreY + cosine * dy - sine * dx
                let sourceX = centreX + sine * dy + cosine * dx
                for channel in 0..<channels {
                    let value = at(channel, y, x)
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

    /// The kernel's value at a pixel; 0 off the support.
    func at(_ channel: Int, _ y: Int, _ x: Int) -> Double {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        return Double(kernel[(channel * height + y) * width + x])
    }

    /// Bilinear sample of one channel at (y, x); a coordinate within 1e-9 of a pixel snaps to it,
    /// so that 90° turns sample pixels exactly.
    func sample(channel: Int, y: Double, x: Double) -> Double {
        func snapped(_ c: Double) -> Double { abs(c - c.rounded()) < 1e-9 ? c.rounded() : c }
        let (sy, sx) = (snapped(y), snapped(x))
        let (y0, x0) = (sy.rounded(.down), sx.rounded(.down))
        let (fy, fx) = (sy - y0, sx - x0)
        let (row, column) = (Int(y0), Int(x0))
        let top = at(channel, row, column) * (1 - fx) + (fx > 0 ? at(channel, row, column + 1) * fx : 0)
        let bottom = fy > 0 ? at(channel, row + 1, column) * (1 - fx) + (fx > 0 ? at(channel, row + 1, column + 1) * fx : 0) : 0
        return top * (1 - fy) + bottom * fy
    }
}
