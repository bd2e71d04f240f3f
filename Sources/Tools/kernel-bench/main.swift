// kernel-bench: GFLOP/s of the engine's single-precision matrix products (no stream I/O).
import Dispatch
import SparseCoding
import TensorCore
import ToolSupport

let rowsOption = OptionSpec<Int>("m", value: "M", required: "rows of A and C", range: 1...1_000_000, help: "rows of C; required")
let innerOption = OptionSpec<Int>("k", value: "K", required: "the inner dimension", range: 1...1_000_000, help: "the inner dimension of the product; required")
let columnsOption = OptionSpec<Int>("n", value: "N", required: "columns of B and C", range: 1...1_000_000, help: "columns of C; required")
let threadsOption = OptionSpec<Int>("threads", value: "T", default: 1, range: 1...1024,
                                    help: "threads the rows of C are split across (products under 4 MFLOP stay on one); pin them with taskset")
let repeatOption = OptionSpec<Int>("repeat", value: "R", default: 20, range: 1...1_000_000, help: "calls timed; the best is reported")
let formOption = OptionSpec<String>("form", value: "F", default: "all", choices: ["ab", "abt", "atb", "all"], help: "the product to time (see above), or all three")

let description = ToolDescription(
    name: "kernel-bench",
    usage: "--m M --k K --n N [options]",
    summary: "Time the engine's matrix products and print their GFLOP/s.",
    details: """
    Times the engine's matrix products on seeded random operands and prints, per form, the best
    time of R calls and its GFLOP/s (2*M*K*N flops per call; each call packs B, as the encoder
    does once per dictionary, and allocates C):
      ab   C[M,N] = A[M,K] * B[K,N]       (matmul)
      abt  C[M,N] = A[M,K] * B[N,K]^T     (matmulTransposedB: y * D^T)
      atb  C[M,N] = A[K,M]^T * B[K,N]     (matmulTransposedA: Z^T * Y)
    Output, one line per form (key=value, for scripts; kernels is the kernel path that ran,
    which the environment variable LATENTPIPE_KERNELS=avx512|avx2|portable forces):
      form=ab m=1024 k=64 n=256 threads=1 kernels=avx2 seconds=0.000412 gflops=81.5
    """,
    options: [rowsOption, innerOption, columnsOption, threadsOption, repeatOption, formOption],
    example: "kernel-bench --m 4096 --k 64 --n 256 --threads 2",
    writesText: true)

/// Uniform values in [−1, 1) from a fixed 64-bit LCG: the same operands on every run.
func operand(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
}

ToolRunner.run(description) { context in
    let (m, k, n) = (try context.value(rowsOption), try context.value(innerOption), try context.value(columnsOption))
    let threads = try context.value(threadsOption)
    let repeats = try context.value(repeatOption)
    let formName = try context.value(formOption)
    let forms = formName == "all" ? ["ab", "abt", "atb"] : [formName]
    let a = operand(m * k, seed: 1), b = operand(k * n, seed: 2)
    for form in forms {
        var best = Double.infinity
        var checksum: Float = 0
        for _ in 0...repeats {  // one untimed warm-up call
            let start = DispatchTime.now().uptimeNanoseconds
            let c: [Float]
            switch form {
            case "ab": c = matmul(a, b, m: m, k: k, n: n, threads: threads)
            case "abt": c = matmulTransposedB(a, b, m: m, k: k, n: n, threads: threads)
            default: c = matmulTransposedA(a, b, m: m, k: k, n: n, threads: threads)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            checksum += c[c.count / 2]
            if checksum.isNaN { throw ToolFailure("non-finite product") }
            best = min(best, seconds)
        }
        let gflops = 2 * Double(m) * Double(k) * Double(n) / best * 1e-9
        let line = "form=\(form) m=\(m) k=\(k) n=\(n) threads=\(threads) kernels=\(KernelPath.active.rawValue) seconds=\(format(best, "%.6f")) gflops=\(format(gflops, "%.1f"))\n"
        try context.output.sink().write(Array(line.utf8))
    }
}
