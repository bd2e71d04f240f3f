import ConvolutionalCoding
import Testing

/// The operator against independent computations: a direct circular loop, the adjoint identity,
/// the energy from its definition.
struct ConvolutionOperatorTests {
    @Test(arguments: [1, 3])
    func reconstructionMatchesNaiveCircularLoop(channels: Int) throws {
        let kernels = try ConvolutionKernels.random(count: 3, channels: channels, height: 3, width: 4, seed: 7)
        let maps = TestData.stack(3, 9, 10, seed: 11)
        let op = try ConvolutionOperator(kernels: kernels, height: 9, width: 10)
        let fast = op.reconstruct(maps), naive = TestData.naiveReconstruction(kernels, maps)
        #expect(fast.planes == channels)
        let error = zip(fast.values, naive.values).map { abs($0 - $1) }.max()!
        #expect(error < 1e-4, "largest difference \(error)")
    }

    @Test(arguments: [1, 3])
    func adjointIdentity(channels: Int) throws {
        let kernels = try ConvolutionKernels.random(count: 4, channels: channels, height: 3, width: 3, seed: 3)
        let op = try ConvolutionOperator(kernels: kernels, height: 8, width: 11)
        let z = TestData.stack(4, 8, 11, seed: 5), y = TestData.stack(channels, 8, 11, seed: 6)
        let left = TestData.inner(op.reconstruct(z).values, y.values)
        let right = TestData.inner(z.values, op.adjoint(y).values)
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "⟨Kz, y⟩ = \(left), ⟨z, Kᵀy⟩ = \(right)")
    }

    @Test func energyMatchesDefinition() throws {
        let kernels = try ConvolutionKernels.random(count: 2, channels: 1, height: 2, width: 3, seed: 1)
        let op = try ConvolutionOperator(kernels: kernels, height: 7, width: 6)
        let z = TestData.stack(2, 7, 6, seed: 2), y = TestData.stack(1, 7, 6, seed: 4)
        let naive = TestData.naiveReconstruction(kernels, z)
        let data = zip(naive.values, y.values).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / 2
        let l1 = z.values.reduce(0.0) { $0 + Double(abs($1)) }
        let energy = op.energy(image: y, maps: z, lambda: 0.3)
        #expect(abs(energy.total - (data + 0.3 * l1)) < 1e-3 * (data + l1))
    }

    @Test func lipschitzBoundsTheNormalOperator() throws {
        // ‖K z‖² ≤ L ‖z‖² along a power iteration of KᵀK, which comes within a few percent of L.
        for channels in [1, 3] {
            let kernels = try ConvolutionKernels.random(count: 3, channels: channels, height: 3, width: 3, seed: 9)
            let op = try ConvolutionOperator(kernels: kernels, height: 8, width: 8)
            var z = TestData.stack(3, 8, 8, seed: 10)
            var ratio = 0.0
            for _ in 0..<60 {
                let kz = op.reconstruct(z)
                ratio = TestData.inner(kz.values, kz.values) / TestData.inner(z.values, z.values)
                #expect(ratio <= Double(op.lipschitz) * 1.0001)
                let next = op.adjoint(kz)
                let norm = TestData.inner(next.values, next.values).squareRoot()
                z = PlaneStack(planes: 3, height: 8, width: 8, values: next.values.map { Float(Double($0) / norm) })
            }
            #expect(ratio >= Double(op.lipschitz) * 0.97, "power iteration \(ratio), L \(op.lipschitz)")
        }
    }

    @Test func kernelsLargerThanTheImageAreRefused() throws {
        let kernels = try ConvolutionKernels.random(count: 1, channels: 1, height: 9, width: 9, seed: 1)
        #expect(throws: ConvolutionalCodingError.self) { try ConvolutionOperator(kernels: kernels, height: 8, width: 20) }
    }
}
