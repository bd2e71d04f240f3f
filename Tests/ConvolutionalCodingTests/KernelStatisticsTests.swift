@testable import ConvolutionalCoding
import Testing

/// The learner's support-sized statistics against the energy computed directly:
/// ½ tr(Dᵀ A D) − tr(Dᵀ B) + ½‖Y‖² = ½‖Y − Σ K * Z‖² for any kernels D and maps Z.
struct KernelStatisticsTests {
    @Test(arguments: [1, 3])
    func surrogateEqualsTheDataTerm(channels: Int) throws {
        let kernels = try ConvolutionKernels.random(count: 3, channels: channels, height: 3, width: 4, seed: 1)
        let maps = TestData.stack(3, 9, 11, seed: 2), image = TestData.stack(channels, 9, 11, seed: 3)
        let op = try ConvolutionOperator(kernels: kernels, height: 9, width: 11)
        let (a, b) = KernelStatistics.compute(maps: maps, image: image, operator: op)
        let (support, n) = (12, 36)
        var quadratic = 0.0, linear = 0.0
        for ch in 0..<channels {
            func d(_ row: Int) -> Double { Double(kernels.values[((row / support) * channels + ch) * support + row % support]) }
            for r in 0..<n {
                for s in 0..<n { quadratic += d(r) * Double(a[r * n + s]) * d(s) }
                linear += d(r) * Double(b[r * channels + ch])
            }
        }
        let surrogate = quadratic / 2 - linear + image.values.reduce(0.0) { $0 + Double($1 * $1) } / 2
        let direct = TestData.naiveReconstruction(kernels, maps).values.enumerated()
            .reduce(0.0) { $0 + Double($1.element - image.values[$1.offset]) * Double($1.element - image.values[$1.offset]) } / 2
        #expect(abs(surrogate - direct) <= 1e-4 * direct, "surrogate \(surrogate), direct \(direct)")
    }
}
