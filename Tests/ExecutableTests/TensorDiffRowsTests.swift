import Foundation
import Testing

/// `tensor-diff --per-row`: each row's squared distance, as CSV, against the distances
/// computed here from the two files (rows counted over frames).
struct TensorDiffRowsTests {
    @Test func perRowDistancesOfNoisyDigits() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let digits = ToolProcess.sample("digits-8x8.lpt")
        // Two frames of noisy digits against the same digits split the same way.
        let made = try ToolProcess.shell("""
            split-rows --test-size 100 --seed 1 --train a.lpt --test b.lpt \(digits)
            cat a.lpt b.lpt > clean.lpt
            augment --noise 0.3 --seed 2 a.lpt > noisy.lpt
            augment --noise 0.3 --seed 3 b.lpt >> noisy.lpt
            """, directory: directory)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try ToolProcess.run("tensor-diff", ["--per-row", "noisy.lpt", "clean.lpt"], directory: directory)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "row,sse")
        let noisy = try SplitRowsTests.frames(directory.appendingPathComponent("noisy.lpt").path).flatMap { $0["data"]!.floats }
        let clean = try SplitRowsTests.frames(directory.appendingPathComponent("clean.lpt").path).flatMap { $0["data"]!.floats }
        #expect(noisy.count == 1797 * 64 && clean.count == noisy.count)
        #expect(lines.count == 1798)
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",")
            #expect(fields.count == 2 && Int(fields[0]) == index)
            let expected = (0..<64).reduce(0.0) { sum, j in
                let d = Double(noisy[index * 64 + j]) - Double(clean[index * 64 + j])
                return sum + d * d
            }
            let value = try #require(Double(fields[1]))
            #expect(abs(value - expected) <= 1e-7 * expected, "row \(index): \(value) against \(expected)")
        }
    }
}
