// fft-bench: forward + inverse 2-D real transforms per second (the engine only, no stream I/O).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Fourier
import TensorCore
import ToolSupport

let heightOption = OptionSpec<Int>("height", value: "H", required: "the array height", range: 1...100_000, help: "rows of each array; required")
let widthOption = OptionSpec<Int>("width", value: "W", required: "the array width", range: 1...100_000, help: "columns of each array; required")
let arraysOption = OptionSpec<Int>("arrays", value: "M", default: 16, range: 1...4096,
                                   help: "arrays transformed per timed round (like M feature maps)")
let threadsOption = OptionSpec<Int>("threads", value: "T", default: 1, range: 1...1024,
                                    help: "threads the arrays are split across, one scratch each; pin them with taskset")
let repeatOption = OptionSpec<Int>("repeat", value: "R", default: 10, range: 1...1_000_000, help: "rounds timed; the best is reported")

let description = ToolDescription(
    name: "fft-bench",
    usage: "--height H --width W [options]",
    summary: "Time the engine's 2-D real FFT (Fourier.RealFFT2D) and print transforms per second.",
    details: """
    Each round transforms M seeded random H x W arrays forward (half spectrum, split complex)
    and back (inverse), split across T threads (one plan, one scratch per thread), and checks
    the round trip. Prints the best of R rounds (after one untimed warm-up round) as one line:
      height=256 width=256 arrays=16 threads=1 kernels=avx2 seconds=0.0123 pairs_per_second=1300.5 cpu_seconds=0.0121 max_error=2.1e-07
    pairs_per_second counts one forward plus one inverse transform of one array (wall clock);
    cpu_seconds is the best round's CPU time of its busiest thread, which other processes
    sharing the cores do not inflate.
    """,
    options: [heightOption, widthOption, arraysOption, threadsOption, repeatOption],
    example: "fft-bench --height 256 --width 256 --arrays 32 --threads 2",
    writesText: true)

/// Uniform values in [−1, 1) from a fixed 64-bit LCG.
func operand(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
}

/// The calling thread's CPU time: unlike the wall clock, not counting time the thread
/// waited for a core that other processes held.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Memory one thread owns; threads write disjoint instances.
final class Worker: @unchecked Sendable {
    let scratch: FFTScratch
    var real: [Float], imaginary: [Float], output: [Float]
    var maxError: Float = 0
    var cpuSeconds = 0.0
    init(plan: RealFFT2D) {
        scratch = plan.makeScratch()
        real = [Float](repeating: 0, count: plan.spectrumCount)
        imaginary = real
        output = [Float](repeating: 0, count: plan.height * plan.width)
    }
}

ToolRunner.run(description) { context in
    let (height, width) = (try context.value(heightOption), try context.value(widthOption))
    let arrays = try context.value(arraysOption), threads = try context.value(threadsOption)
    let repeats = try context.value(repeatOption)
    let plan = RealFFT2D(height: height, width: width)
    let inputs = (0..<arrays).map { operand(height * width, seed: UInt64($0 + 1)) }
    let workers = (0..<threads).map { _ in Worker(plan: plan) }
    var best = Double.infinity, bestCPU = Double.infinity
    for _ in 0...repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let worker = workers[t]
            let cpuStart = threadCPUSeconds()
            for index in stride(from: t, to: arrays, by: threads) {
                plan.forward(inputs[index], real: &worker.real, imaginary: &worker.imaginary, scratch: worker.scratch)
                plan.inverse(real: worker.real, imaginary: worker.imaginary, output: &worker.output, scratch: worker.scratch)
            }
            worker.cpuSeconds = threadCPUSeconds() - cpuStart
            // The last array's round trip, outside the hot loop's body.
            let last = stride(from: t, to: arrays, by: threads).reversed().first.map { inputs[$0] } ?? []
            for (x, y) in zip(last, worker.output) { worker.maxError = max(worker.maxError, abs(x - y)) }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        bestCPU = min(bestCPU, workers.map(\.cpuSeconds).max() ?? 0)
    }
    let maxError = workers.map(\.maxError).max() ?? 0
    if !(maxError < 1e-3) { throw ToolFailure("the round trip is off by \(maxError)") }
    let line = "height=\(height) width=\(width) arrays=\(arrays) threads=\(threads) kernels=\(RealFFT2D.activePath.rawValue) seconds=\(format(best, "%.6f")) pairs_per_second=\(format(Double(arrays) / best, "%.1f")) cpu_seconds=\(format(bestCPU, "%.6f")) max_error=\(format(Double(maxError), "%.1e"))\n"
    try context.output.sink().write(Array(line.utf8))
}
