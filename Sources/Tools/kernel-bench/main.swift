// kernel-bench: GFLOP/s of the engine's single-precision matrix products (no stream I/O).
import Dispatch
import SparseCoding
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = "usage: kernel-bench --m M --k K --n N [--threads 1|2] [--repeat R] [--form ab|abt|atb|all]"
let help = """
\(usage)

Times the engine's matrix products on seeded random operands and prints, per form, the best
time of R calls and its GFLOP/s (2*M*K*N flops per call; each call packs B, as the encoder
does once per dictionary, and allocates C):
  ab   C[M,N] = A[M,K] * B[K,N]       (matmul)
  abt  C[M,N] = A[M,K] * B[N,K]^T     (matmulTransposedB: y * D^T)
  atb  C[M,N] = A[K,M]^T * B[K,N]     (matmulTransposedA: Z^T * Y)
Output, one line per form (key=value, for scripts):
  form=ab m=1024 k=64 n=256 threads=1 seconds=0.000412 gflops=81.5

options:
  --m M, --k K, --n N   the shape (required, each >= 1)
  --threads T           1 (calling thread only) or 2 (rows of C split across the processors;
                        products under 4 MFLOP stay on one thread) (default: 1)
  --repeat R            calls timed; the best is reported (default: 20)
  --form F              ab, abt, atb or all (default: all)
  -h, --help            print this help

example: kernel-bench --m 4096 --k 64 --n 256 --threads 2
"""

func fail(_ message: String) -> Never {
    let text = "kernel-bench: error: \(message)\n\(usage)\nTry 'kernel-bench --help'.\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

/// `value` with `digits` decimals (no Foundation).
func decimal(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    var fraction = String(Int(scaled) - whole * Int(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    return digits == 0 ? String(whole) : "\(whole).\(fraction)"
}

var values: [String: String] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    if argument == "-h" || argument == "--help" {
        print(help)
        exit(0)
    }
    guard ["--m", "--k", "--n", "--threads", "--repeat", "--form"].contains(argument) else {
        fail("unknown option '\(argument)'")
    }
    guard !arguments.isEmpty else { fail("\(argument) needs a value") }
    values[String(argument.dropFirst(2))] = arguments.removeFirst()
}

@MainActor
func integer(_ name: String, default fallback: Int?, in range: ClosedRange<Int>) -> Int {
    guard let text = values[name] else {
        guard let fallback else { fail("--\(name) is required") }
        return fallback
    }
    guard let value = Int(text), range.contains(value) else {
        fail("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
    }
    return value
}

let m = integer("m", default: nil, in: 1...1_000_000)
let k = integer("k", default: nil, in: 1...1_000_000)
let n = integer("n", default: nil, in: 1...1_000_000)
let threads = integer("threads", default: 1, in: 1...2)
let repeats = integer("repeat", default: 20, in: 1...1_000_000)
let formName = values["form"] ?? "all"
guard ["ab", "abt", "atb", "all"].contains(formName) else { fail("--form must be ab, abt, atb or all, got '\(formName)'") }
let forms = formName == "all" ? ["ab", "abt", "atb"] : [formName]

/// Uniform values in [−1, 1) from a fixed 64-bit LCG: the same operands on every run.
func operand(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
}

let a = operand(m * k, seed: 1), b = operand(k * n, seed: 2)
let parallel = threads > 1
for form in forms {
    var best = Double.infinity
    var checksum: Float = 0
    for _ in 0...repeats {  // one untimed warm-up call
        let start = DispatchTime.now().uptimeNanoseconds
        let c: [Float]
        switch form {
        case "ab": c = matmul(a, b, m: m, k: k, n: n, parallel: parallel)
        case "abt": c = matmulTransposedB(a, b, m: m, k: k, n: n, parallel: parallel)
        default: c = matmulTransposedA(a, b, m: m, k: k, n: n, parallel: parallel)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        checksum += c[c.count / 2]
        if checksum.isNaN { fail("non-finite product") }
        best = min(best, seconds)
    }
    let gflops = 2 * Double(m) * Double(k) * Double(n) / best * 1e-9
    print("form=\(form) m=\(m) k=\(k) n=\(n) threads=\(threads) seconds=\(decimal(best, 6)) gflops=\(decimal(gflops, 1))")
}
