import Foundation
import ImageIO
import Testing

/// pipelines/csc-filters.sh, small: one 8x8 kernel learned on a 64x64 crop of the camera
/// photo, one epoch, no colour part. Checks that the script runs, draws the montage and prints
/// the kernel measures next to the random baseline (numbers in range), not the picture.
struct CSCFiltersPipelineTests {
    @Test func oneKernelOnACrop() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let camera = try readPNG(path: ToolProcess.sample("camera.png"), color: false)
        var crop = Image(width: 64, height: 64, channels: 1)
        for y in 0..<64 { for x in 0..<64 { crop[y, x, 0] = camera[200 + y, 220 + x, 0] } }
        let cropPath = directory.appendingPathComponent("crop.png")
        try Data(try encodePNG(crop)).write(to: cropPath)

        let result = try ToolProcess.pipeline("csc-filters.sh", ["--sizes", "1", "--epochs", "1", "--no-colour", cropPath.path], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(output.contains("1 grey 8x8 kernels:"), "\(output)")
        var values: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let value = Double(parts[1]) { values[parts[0]] = value }
        }
        for key in ["median-radial-symmetry", "random-median-radial-symmetry", "median-rotation-90", "median-rotation-45",
                    "median-orientation-share", "random-median-orientation-share"] {
            let value = try #require(values[key], "\(key) missing from \(output)")
            #expect(value >= -1 && value <= 1, "\(key) \(value)")
        }
        #expect(values["random-median-radial-symmetry"]! < 0.2)
        let picture = directory.appendingPathComponent("out/csc-filters/csc-grey-1.png").path
        let image = try readPNG(path: picture, color: false)
        // One 8x8 kernel at --scale 8 with a 1-pixel border.
        #expect(image.width == 66 && image.height == 66)
    }
}
