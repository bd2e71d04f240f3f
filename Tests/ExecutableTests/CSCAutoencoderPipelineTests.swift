import Foundation
import ImageIO
import Testing

/// pipelines/csc-autoencoder.sh, small: 2 kernels on a 64x64 crop of the camera photo, the
/// encoders trained 2 epochs on its 32x32 crops and compared on another crop. Checks that the
/// script runs and that its table and figure are what it says (numbers in range, the solver
/// converging), not the numbers themselves.
struct CSCAutoencoderPipelineTests {
    @Test func smallRun() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let result = try ToolProcess.pipeline("csc-autoencoder.sh", ["--epochs", "2", "--kernels", "2", "--crop", "32", "--holdout", "1", "--lambda", "0.001",
                                                                     "--train", f.grey, "--test", f.grey2], in: f.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(output.contains("FISTA iterations and time that reach each encoder depth's code error"), "\(output)")
        #expect(output.contains("ADMM iterations and time"), "\(output)")

        let table = try String(contentsOfFile: f.path("out/csc-autoencoder/csc-ae.csv"), encoding: .utf8)
        let rows = table.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["steps", "FISTA", "ADMM", "encoder", "FISTA_energy", "ADMM_energy", "encoder_energy",
                               "FISTA_s_per_Mpx", "ADMM_s_per_Mpx", "encoder_s_per_Mpx"])
        #expect(rows.dropFirst().map { $0[0] } == ["1", "2", "5", "10", "20", "50", "100"])
        let admm = rows.dropFirst().compactMap { Double($0[2]) }
        #expect(admm.count == 7 && admm.last! < 0.01 && admm.last! < admm.first!, "ADMM's code errors \(admm)")
        let encoder = rows.dropFirst().compactMap { Double($0[3]) }
        #expect(encoder.count == 3 && encoder.allSatisfy { $0 > 0 && $0 < 1.5 }, "the encoder's code errors \(encoder)")
        let times = rows.dropFirst().compactMap { Double($0[9]) }
        #expect(times.count == 3 && times.allSatisfy { $0 > 0 }, "the encoder's times \(times)")

        // Two 8x8 kernels above their two encoder filters, at --scale 6 with 1-pixel borders.
        let picture = try readPNG(path: f.path("out/csc-autoencoder/csc-ae-grey-2.png"), color: false)
        #expect(picture.width == 2 * 48 + 3 && picture.height == 2 * 48 + 3)
    }
}
