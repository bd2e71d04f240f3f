import Foundation
import ImageIO
import Testing

/// pipelines/rbm.sh, small (2 epochs): the pictures' sizes, one final line per method, and each
/// machine's held-out free energy in the table against the free energy computed here from the
/// model file's W, b and c on the held-out digits.
struct RBMPipelineTests {
    @Test func smallRun() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.pipeline("rbm.sh", ["2"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let out = directory.appendingPathComponent("out/rbm")
        // Tiles of 8x8 at --scale 4 (32 px) with 1 px pads: 256 filters 16 a row, 100 particles
        // 10 a row, 64 samples 8 a row.
        for (name, side) in [("rbm-filters.png", 16 * 33 + 1), ("rbm-particles.png", 10 * 33 + 1), ("rbm-fresh-cd1.png", 8 * 33 + 1),
                             ("rbm-fresh-pcd.png", 8 * 33 + 1)] {
            let image = try readPNG(path: out.appendingPathComponent(name).path, color: false)
            #expect(image.width == side && image.height == side, "\(name): \(image.width)x\(image.height)")
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("rbm-pll.png").path))

        let lines = try String(contentsOf: out.appendingPathComponent("rbm-final.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "method,train_recon,train_pll,train_free_energy,heldout_recon,heldout_pll,heldout_free_energy")
        let test = try #require(try SplitRowsTests.frames(out.appendingPathComponent("test.lpt").path).first?["data"])
        let (rows, visible) = (test.shape[0], test.shape[1])
        let v = test.floats.map(Double.init)
        for (line, method) in zip(lines.dropFirst(), ["cd1", "cd10", "pcd"]) {
            let cells = line.split(separator: ",").map(String.init)
            #expect(cells.count == 7 && cells[0] == method, "\(line)")
            guard cells.count == 7, let recorded = Double(cells[6]), let pll = Double(cells[5]) else { continue }
            #expect(pll < 0 && pll > 64 * log(0.5), "\(method): held-out PLL \(pll)")
            let model = try #require(try SplitRowsTests.frames(out.appendingPathComponent("rbm-\(method).lpt").path).first)
            let w = try #require(model["weight"]).floats.map(Double.init), b = try #require(model["visible_bias"]).floats.map(Double.init)
            let c = try #require(model["hidden_bias"]).floats.map(Double.init)
            let hidden = c.count
            var total = 0.0
            for r in 0..<rows {
                var f = 0.0
                for i in 0..<visible { f -= v[r * visible + i] * b[i] }
                for j in 0..<hidden {
                    var a = c[j]
                    for i in 0..<visible { a += v[r * visible + i] * w[i * hidden + j] }
                    f -= max(a, 0) + log1p(exp(-abs(a)))
                }
                total += f
            }
            let expected = total / Double(rows)
            #expect(abs(recorded - expected) <= 1e-4 * abs(expected), "\(method): table \(recorded), computed \(expected)")
        }
    }
}
