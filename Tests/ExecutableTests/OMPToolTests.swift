import Foundation
import Testing
import TensorCore
import TensorStream

/// `sparse-encode --algorithm omp` end to end: at most K atoms per row, the error target met on
/// every row (measured here from the files), and the refusals of K > features and of options
/// that do not apply.
struct OMPToolTests: RefusalChecks {
    static let dictionary = ToolProcess.sample("dct-8x8-256.lpt")
    static let digits = ToolProcess.sample("digits-8x8.lpt")

    /// Every row's squared residual ‖y − z·D‖² and its number of non-zero codes, in Double.
    static func residualsAndCounts(codes: Frame, data: Frame, dictionary: Frame) throws -> [(Double, Int)] {
        let z = try #require(codes["data"]), y = try #require(data["data"]), d = try #require(dictionary["data"])
        let atoms = d.rows, features = d.rowLength, zf = z.floats, yf = y.floats, df = d.floats
        #expect(z.shape == [y.rows, atoms])
        return (0..<y.rows).map { row in
            var total = 0.0
            var count = 0
            var residual = (0..<features).map { Double(yf[row * features + $0]) }
            for a in 0..<atoms where zf[row * atoms + a] != 0 {
                count += 1
                for f in 0..<features { residual[f] -= Double(zf[row * atoms + a]) * Double(df[a * features + f]) }
            }
            for value in residual { total += value * value }
            return (total, count)
        }
    }

    @Test(arguments: ["omp", "ormp"])
    func atomsPerRowAndErrorTargetHold(algorithm: String) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let target = 2.0
        let runs = [("k.lpt", ["--atoms-per-row", "6"]), ("e.lpt", ["--error", "\(target)"]), ("both.lpt", ["--atoms-per-row", "6", "--error", "\(target)"])]
        for (name, flags) in runs {
            let result = try ToolProcess.run("sparse-encode", ["--dict", Self.dictionary, "--algorithm", algorithm] + flags + ["-o", name, Self.digits], directory: directory)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(flags): \(result.stderr)")
        }
        let data = try #require(try SplitRowsTests.frames(Self.digits).first)
        let d = try #require(try SplitRowsTests.frames(Self.dictionary).first)
        func rows(_ name: String) throws -> [(Double, Int)] {
            let codes = try #require(try SplitRowsTests.frames(directory.appendingPathComponent(name).path).first)
            return try Self.residualsAndCounts(codes: codes, data: data, dictionary: d)
        }
        let k = try rows("k.lpt"), e = try rows("e.lpt"), both = try rows("both.lpt")
        #expect(k.allSatisfy { $0.1 <= 6 } && k.contains { $0.1 == 6 })
        for (row, (residual, _)) in e.enumerated() { #expect(residual <= target * (1 + 1e-4), "row \(row): \(residual)") }
        // Both rules: each row stops at whichever comes first.
        for row in k.indices { #expect(both[row].1 == min(e[row].1, 6), "row \(row)") }
    }

    @Test func refusals() throws {
        let refused: [([String], String)] = [
            (["--atoms-per-row", "65"], "65 is more than the 64 features"),
            ([], "--atoms-per-row"),
            (["--atoms-per-row", "3", "--lambda", "1"], "--lambda does not apply"),
        ]
        for (flags, message) in refused {
            try Self.expectRefusal("sparse-encode", ["--dict", Self.dictionary, "--algorithm", "omp"] + flags + [Self.digits], status: 2,
                                   mentioning: message, "omp with \(flags)")
        }
        try Self.expectRefusal("sparse-encode", ["--dict", Self.dictionary, "--error", "1", Self.digits], status: 2,
                               mentioning: "--error applies only with --algorithm omp", "--error without omp")
    }
}
