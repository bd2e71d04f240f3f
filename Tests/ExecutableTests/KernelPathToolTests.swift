import Foundation
import Testing

/// The kernel path as the tools see it: chosen from the processor, forced with
/// LATENTPIPE_KERNELS, refused with one line when unknown or not supported; and every path this
/// processor supports gives the same answers. LATENTPIPE_PRETEND_CPU=avx2|portable makes the
/// processor look smaller, so that the fallbacks are checked on any machine.
struct KernelPathToolTests {
    static func run(_ tool: String, _ arguments: [String], input: Data = Data(), directory: URL? = nil,
                    with variables: [String: String]) throws -> ToolProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(variables) { $1 }
        return try ToolProcess.runExecutable(ToolProcess.path(tool), arguments, input: input,
                                             directory: directory, environment: environment)
    }

    /// The benchmarks' smallest runs: each prints the path it ran as `kernels=`.
    static let benchmarks = [("kernel-bench", ["--m", "8", "--k", "8", "--n", "8", "--repeat", "1", "--form", "ab"]),
                             ("fft-bench", ["--height", "6", "--width", "10", "--arrays", "2", "--repeat", "1"])]

    /// The path kernel-bench (or `benchmark`) reports running under `variables`.
    static func reportedPath(_ variables: [String: String], benchmark: (String, [String]) = benchmarks[0]) throws -> String? {
        let result = try run(benchmark.0, benchmark.1, with: variables)
        guard result.status == 0 else { return nil }
        let line = String(decoding: result.stdout, as: UTF8.self)
        return line.split(separator: " ").first { $0.hasPrefix("kernels=") }.map { String($0.dropFirst(8)) }
    }

    /// The paths this machine runs: each forced in turn; kernel-bench exits 2 for the others.
    static let supportedPaths: [String] = ["avx512", "avx2", "portable"].filter {
        (try? reportedPath(["LATENTPIPE_KERNELS": $0])) == $0
    }

    static let engineTools = ["whiten", "sparse-encode", "sparse-reconstruct", "dict-learn", "dict-info", "lista-train", "kernel-bench",
                              "fft-bench", "highpass", "csc-encode", "csc-reconstruct", "csc-learn", "vae-train", "vae-encode", "vae-sample",
                              "contrast-train", "embed", "rbm-train", "rbm-sample"]

    @Test func theFastestSupportedPathRunsByDefault() throws {
        #expect(Self.supportedPaths.contains("portable"))
        #expect(try Self.reportedPath([:]) == Self.supportedPaths.first)
        #expect(try Self.reportedPath(["LATENTPIPE_PRETEND_CPU": "portable"]) == "portable")
        if Self.supportedPaths.contains("avx2") {
            #expect(try Self.reportedPath(["LATENTPIPE_PRETEND_CPU": "avx2"]) == "avx2")
        }
    }

    /// The FFT follows the engine's path: forced, or the processor's fastest.
    @Test func theFFTRunsTheEnginesPath() throws {
        let fft = Self.benchmarks[1]
        #expect(try Self.reportedPath([:], benchmark: fft) == Self.supportedPaths.first)
        for path in Self.supportedPaths {
            #expect(try Self.reportedPath(["LATENTPIPE_KERNELS": path], benchmark: fft) == path)
        }
        #expect(try Self.reportedPath(["LATENTPIPE_PRETEND_CPU": "portable"], benchmark: fft) == "portable")
    }

    @Test(arguments: engineTools)
    func anUnknownOrUnsupportedPathIsRefusedWithOneLine(tool: String) throws {
        let unknown = try Self.run(tool, ["--version"], with: ["LATENTPIPE_KERNELS": "sse9"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty && !unknown.signalled)
        #expect(unknown.stderr == "\(tool): LATENTPIPE_KERNELS=sse9 is not a kernel path (use avx512, avx2 or portable, or unset it)\n")
        let unsupported = try Self.run(tool, ["--version"], with: ["LATENTPIPE_KERNELS": "avx512", "LATENTPIPE_PRETEND_CPU": "portable"])
        #expect(unsupported.status == 2 && unsupported.stdout.isEmpty && !unsupported.signalled)
        #expect(unsupported.stderr == "\(tool): LATENTPIPE_KERNELS=avx512, but this processor cannot run that path (unset it to choose automatically)\n")
    }

    /// Tools that never link the engine ignore the variable.
    @Test func fileAndImageToolsIgnoreTheVariable() throws {
        let dictionary = ToolProcess.sample("dct-8x8-256.lpt")
        for (tool, arguments) in [("tensor-info", ["--summary", dictionary]), ("patchify", [ToolProcess.sample("camera.png")])] {
            let result = try Self.run(tool, arguments, with: ["LATENTPIPE_KERNELS": "sse9"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(tool): \(result.stderr)")
        }
    }

    /// The relative squared difference `tensor-diff` prints between two files.
    static func relativeDifference(_ a: URL, _ b: URL, tensor: String) throws -> Double {
        let result = try ToolProcess.run("tensor-diff", ["--tensor", tensor, a.path, b.path])
        let text = String(decoding: result.stdout, as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("relative") } ?? ""
        return Double(line.split(separator: " ").last ?? "") ?? .infinity
    }

    /// Whitening, every lasso solver, dictionary learning, LISTA and contrastive training under each supported path:
    /// the fused paths (AVX-512, AVX2) write the same bytes; the portable path the same results
    /// to rounding (its products round a multiply and an add separately).
    @Test func everySupportedPathGivesTheSameResults() throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dictionary = ToolProcess.sample("dct-8x8-256.lpt")
        let patches = try ToolProcess.run("patchify", [ToolProcess.sample("camera.png"), "--stride", "8", "-o", "p.lpt"], directory: directory)
        #expect(patches.status == 0, "\(patches.stderr)")
        let jobs: [(name: String, tool: String, arguments: [String])] = [
            ("white", "whiten", ["--save", "zca-{path}.lpt", "p.lpt"]),
            ("lars", "sparse-encode", ["--dict", dictionary, "--lambda", "0.5", "p.lpt"]),
            ("cd", "sparse-encode", ["--dict", dictionary, "--lambda", "0.5", "--algorithm", "cd", "--tol", "1e-6", "p.lpt"]),
            ("fista", "sparse-encode", ["--dict", dictionary, "--lambda", "0.5", "--algorithm", "fista", "--tol", "1e-7", "--max-iter", "5000", "p.lpt"]),
            ("omp", "sparse-encode", ["--dict", dictionary, "--algorithm", "omp", "--atoms-per-row", "6", "--error", "0.5", "p.lpt"]),
            ("ormp", "sparse-encode", ["--dict", dictionary, "--algorithm", "ormp", "--atoms-per-row", "6", "p.lpt"]),
            ("atoms", "dict-learn", ["--atoms", "32", "--lambda", "0.5", "--epochs", "1", "--batch-size", "256", "--seed", "3", "p.lpt"]),
            ("lista", "lista-train", ["--dict", dictionary, "--lambda", "0.5", "--depth", "3", "--epochs", "1", "--seed", "3", "p.lpt"]),
            ("contrast", "contrast-train", ["--hidden", "16", "--dim", "8", "--epochs", "1", "--batch-size", "128", "--seed", "3", "p.lpt"]),
        ]
        for path in Self.supportedPaths {
            for job in jobs {
                let arguments = job.arguments.map { $0.replacingOccurrences(of: "{path}", with: path) }
                    + ["-o", "\(job.name)-\(path).lpt"]
                let result = try Self.run(job.tool, arguments, directory: directory, with: ["LATENTPIPE_KERNELS": path])
                #expect(result.status == 0, "\(path) \(job.name): \(result.stderr)")
            }
        }
        let fused = Self.supportedPaths.filter { $0 != "portable" }
        for job in jobs {
            let file = { (path: String) in directory.appendingPathComponent("\(job.name)-\(path).lpt") }
            for path in fused.dropFirst() {
                #expect(try Data(contentsOf: file(path)) == Data(contentsOf: file(fused[0])), "\(job.name): \(path) and \(fused[0]) differ")
            }
            // Exact solvers to rounding; the trained models to the rounding their training
            // amplifies over one epoch.
            let tolerance = ["atoms", "lista", "contrast"].contains(job.name) ? 1e-6 : 1e-8
            // ORMP divides each score by an atom's norm off the chosen span, which Float leaves
            // uncertain for nearly dependent atoms (DCT atoms, coherence 0.98): the portable
            // path's other rounding flips such near ties (1 row of 4096 here), so it is left
            // to the fused paths' bytes above.
            if let reference = fused.first, job.name != "ormp" {
                // A LISTA model has no `data`: its learned filter W_e stands for it; a contrastive
                // model's first layer, which every other layer's gradient passes through.
                let tensor = ["lista": "filter", "contrast": "encoder.0.weight"][job.name] ?? "data"
                let difference = try Self.relativeDifference(file("portable"), file(reference), tensor: tensor)
                #expect(difference < tolerance, "\(job.name): portable vs \(reference), relative \(difference)")
            }
        }
    }
}
