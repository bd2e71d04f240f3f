import Foundation
import ImageIO
import Testing

/// pipelines/dae.sh, small: 5 epochs on the digits, 1 on 2000 whitened patches. Checks what
/// does not depend on how well the models learn: the montages' sizes, the noisy digits' PSNR
/// against the noise's own (-20 log10 sigma), the distances against 8 sigma, each row's
/// energy against dae-denoise's, and the printed fits against least squares done here.
struct DAEPipelineTests {
    static func table(_ path: URL) throws -> [[String]] {
        try String(contentsOf: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    }

    /// Least squares of y = a x + b: a, b and R^2.
    static func fit(_ x: [Double], _ y: [Double]) -> (a: Double, b: Double, r2: Double) {
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        let a = sxy / sxx
        return (a, my - a * mx, sxy * sxy / (sxx * syy))
    }

    @Test func smallRun() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.pipeline("dae.sh", ["5", "1", "1000"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let output = String(decoding: result.stdout, as: UTF8.self)
        let out = directory.appendingPathComponent("out/dae")

        // 100 filters of 8x8 at --scale 4, 10 a row: 10 x 32 + 11 pads each way.
        for name in ["dae-digits-filters.png", "dae-patches-filters.png"] {
            let image = try readPNG(path: out.appendingPathComponent(name).path, color: false)
            #expect(image.width == 331 && image.height == 331, "\(name)")
        }
        for name in ["dae-psnr.png", "dae-energy-distance.png", "dae-energy-squared.png", "dae-digits-denoised.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }

        // Noise of sigma on values in [0, 1]: MSE sigma^2, PSNR -20 log10 sigma (19,200 values).
        let psnr = try Self.table(out.appendingPathComponent("dae-psnr.csv"))
        #expect(psnr.count == 9)
        for row in psnr {
            let sigma = try #require(Double(row[0]))
            let restored = try #require(Double(row[2]))
            #expect(restored.isFinite && restored > 0)
            if sigma == 0 { #expect(row[1] == "inf"); continue }
            let noisy = try #require(Double(row[1]))
            #expect(abs(noisy - -20 * log10(sigma)) < 0.3, "sigma \(sigma): \(noisy) dB")
        }

        // Distances of 64 noisy values: about 8 sigma; energies are dae-denoise's.
        let rows = try Self.table(out.appendingPathComponent("dae-energy-rows.csv")).map { $0.map { Double($0)! } }
        #expect(rows.count == 9 * 300)
        for sigma in [0.1, 0.5, 1] {
            let distances = rows.filter { $0[0] == sigma }.map { $0[1] * $0[1] }
            let mean = distances.reduce(0, +) / Double(distances.count)
            #expect(abs(mean / (64 * sigma * sigma) - 1) < 0.05, "sigma \(sigma): mean d^2 \(mean)")
        }
        let restored = try #require(try SplitRowsTests.frames(out.appendingPathComponent("restored-0.3.lpt").path).first)
        let energies = try #require(restored["energy"]).doubles
        let written = rows.filter { $0[0] == 0.3 }.map { $0[2] }
        #expect(energies.count == 300 && written.count == 300)
        for (file, csv) in zip(energies, written) { #expect(abs(file - csv) <= 1e-4 * max(file, 1e-3), "\(file) against \(csv)") }

        // The printed fits are the least-squares lines over every row.
        let fits = try Self.table(out.appendingPathComponent("dae-energy-fit.csv")).map { $0.map { Double($0)! } }
        #expect(fits.count == 2)
        for fit in fits {
            let power = fit[0]
            let expected = Self.fit(rows.map { pow($0[1], power) }, rows.map { $0[2] })
            // Printed to 4 significant digits.
            #expect(abs(fit[1] - expected.a) <= 1e-3 * abs(expected.a) && abs(fit[2] - expected.b) <= 1e-3 * abs(expected.b) + 1e-9)
            #expect(abs(fit[3] - expected.r2) <= 1e-3, "power \(power): \(fit) against \(expected)")
        }
        #expect(output.contains("fit over 2700 rows: E = "), "\(output)")
    }
}
