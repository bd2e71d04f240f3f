import Foundation
import ImageIO
import Testing

/// `montage MODEL` of a DAE or an RBM (frames of no data): one tile per hidden unit, its
/// weights into the 8x8 visible layer, checked pixel by pixel against the file's weight matrix.
struct ModelFiltersMontageTests {
    /// Trains `tool` on the digits with 6 hidden units and draws the model at --scale 2, three
    /// tiles a row; expects a 52x35 picture (3 x 16 + 4 pads by 2 x 16 + 3) whose tile j shows
    /// column j of `weight` `[64, 6]`, stretched by its own largest magnitude.
    static func expectFilterTiles(_ tool: String, _ training: [String], weight name: String) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let digits = ToolProcess.sample("digits-8x8.lpt")
        let trained = try ToolProcess.run(tool, training + ["--hidden", "6", "--epochs", "1", "--seed", "1", "-o", "model.lpt", digits], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let drawn = try ToolProcess.run("montage", ["model.lpt", "--scale", "2", "--cols", "3", "-o", "filters.png"], directory: directory)
        #expect(drawn.status == 0 && drawn.stderr.isEmpty, "\(drawn.stderr)")
        let image = try readPNG(path: directory.appendingPathComponent("filters.png").path, color: false)
        #expect(image.width == 52 && image.height == 35)

        let model = try #require(try SplitRowsTests.frames(directory.appendingPathComponent("model.lpt").path).first)
        let weight = try #require(model[name])
        #expect(weight.shape == [64, 6])
        let w = weight.floats
        for unit in 0..<6 {
            let column = (0..<64).map { w[$0 * 6 + unit] }
            let peak = column.map(abs).max()!
            let (top, left) = (1 + (unit / 3) * 17, 1 + (unit % 3) * 17)
            for pixel in 0..<64 {
                let expected = 0.5 + column[pixel] / (2 * peak)
                let shown = image[top + 2 * (pixel / 8), left + 2 * (pixel % 8), 0]
                #expect(abs(shown - expected) <= 1 / 255 + 1e-4, "unit \(unit) pixel \(pixel)")
            }
        }
    }

    @Test func daeFilters() throws {
        try Self.expectFilterTiles("dae-train", ["--tied"], weight: "encoder.weight")
    }

    @Test func rbmFilters() throws {
        try Self.expectFilterTiles("rbm-train", [], weight: "weight")
    }

    /// A DAE file with a NaN weight is refused in one line, before any picture is written.
    @Test func aDamagedDAEIsRefused() throws {
        let directory = try ToolProcess.temporaryDirectory()
        var weights = [Float](repeating: 0.5, count: 8)
        weights[3] = .nan
        let frame = HandFrame.encode([HandFrame.f32("encoder.weight", [4, 2], weights), HandFrame.f32("encoder.bias", [2], [0, 0]),
                                      HandFrame.f32("decoder.bias", [4], [0, 0, 0, 0])],
                                     numbers: [("features", 4), ("hidden", 2), ("tied", 1), ("epochs", 1)],
                                     strings: [("kind", "dae"), ("activation", "sigmoid"), ("reconstruction", "squaredError")])
        try Data(frame).write(to: directory.appendingPathComponent("dae.lpt"))
        let drawn = try ToolProcess.run("montage", ["dae.lpt", "-o", "dae.png"], directory: directory)
        #expect(drawn.status == 1 && drawn.stdout.isEmpty)
        #expect(drawn.stderr.hasPrefix("montage: dae.lpt: ") && drawn.stderr.filter { $0 == "\n" }.count == 1, "\(drawn.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("dae.png").path))
    }

    /// A model that is no DAE or RBM, and has no data, is refused in one line.
    @Test func aModelWithoutFiltersIsRefused() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let moons = try ToolProcess.run("toy-data", ["--kind", "moons", "--count", "40", "-o", "moons.lpt"], directory: directory)
        #expect(moons.status == 0)
        let trained = try ToolProcess.run("ebm-train", ["--hidden", "4", "--epochs", "1", "-o", "ebm.lpt", "moons.lpt"], directory: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let drawn = try ToolProcess.run("montage", ["ebm.lpt", "-o", "ebm.png"], directory: directory)
        #expect(drawn.status == 1 && drawn.stdout.isEmpty)
        #expect(drawn.stderr.hasPrefix("montage: ") && drawn.stderr.filter { $0 == "\n" }.count == 1, "\(drawn.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ebm.png").path))
    }
}
