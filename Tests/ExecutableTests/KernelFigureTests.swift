import Foundation
import ImageIO
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// dict-info and montage on convolution kernels [M, C, S1, S2] and feature maps [M, H, W]:
/// hand-made kernels (a difference of Gaussians, Gabor functions) against their expected
/// measures, the pixels montage draws computed here from the values, and bad input.
struct KernelFigureTests {
    /// f(y − c, x − c) on a 9×9 grid about its centre, unit norm.
    static func kernel(_ f: (Double, Double) -> Double) -> [Float] {
        var values = [Double]()
        for y in 0..<9 { for x in 0..<9 { values.append(f(Double(y) - 4, Double(x) - 4)) } }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { Float($0 / norm) }
    }

    static let centreSurround = kernel { y, x in exp(-(y * y + x * x) / 2) - 0.5 * exp(-(y * y + x * x) / 8) }

    static func gabor(_ degrees: Double, phase: Double = 0) -> [Float] {
        let a = degrees * Double.pi / 180
        return kernel { y, x in cos(2 * Double.pi * 0.25 * (x * cos(a) + y * sin(a)) + phase) * exp(-(x * x + y * y) / 8) }
    }

    /// Centre-surround, then Gabors at 0°, 60° (odd) and 120°: [4, 1, 9, 9].
    static let greyKernels = centreSurround + gabor(0) + gabor(60, phase: Double.pi / 2) + gabor(120)

    static func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func report(_ result: ToolProcess.Result) -> (values: [String: String], kernels: [[Double]]) {
        var values: [String: String] = [:], kernels: [[Double]] = []
        for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("kernel ") {
                kernels.append(line.split(separator: " ").dropFirst(2).compactMap { Double($0) })
            } else if let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") {
                values[String(line[..<colon])] = String(line[line.index(colon, offsetBy: 2)...])
            }
        }
        return (values, kernels)
    }

    @Test func dictInfoMeasuresKernels() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let path = try Self.write(HandFrame.encode([HandFrame.f32("data", [4, 1, 9, 9], Self.greyKernels)],
                                                   numbers: [("lambda", 0.1)], strings: [("kind", "csc-kernels")]), "k.lpt", in: directory)
        let result = try ToolProcess.run("dict-info", [path, "--per-atom"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let (values, kernels) = Self.report(result)
        #expect(values["count"] == "4" && values["channels"] == "1" && values["kernel-size"] == "9x9")
        #expect(values["attribute.kind"] == "csc-kernels" && values["attribute.lambda"] == "0.1" && values["random-kernels"] == "1000")
        try #require(kernels.count == 4 && kernels.allSatisfy { $0.count == 7 })
        // SYMMETRY R90 R45 R180 SHARE DEGREES PEAK
        #expect(kernels[0][0] > 0.95 && kernels[0][1] > 0.99, "centre-surround \(kernels[0])")
        for index in 1..<4 { #expect(kernels[index][0] < 0.35 && kernels[index][4] > 0.7, "gabor \(kernels[index])") }
        #expect(abs(kernels[2][3] + 1) < 1e-3, "the odd Gabor turned by 180° is its negative: \(kernels[2])")
        #expect(abs(kernels[1][5] - 0) < 3 || abs(kernels[1][5] - 180) < 3)
        #expect(abs(kernels[3][5] - 120) < 5, "\(kernels[3])")
        // The random baseline: neither symmetric nor oriented.
        let randomSymmetry = Double(values["random-median-radial-symmetry"] ?? "") ?? .nan
        let randomShare = Double(values["random-median-orientation-share"] ?? "") ?? .nan
        #expect(randomSymmetry < 0.15 && randomShare > 0.3 && randomShare < 0.45, "\(values)")
        // The median of the measures, over the four kernels' own rows.
        let symmetries = kernels.map { $0[0] }.sorted()
        #expect(abs((Double(values["median-radial-symmetry"] ?? "") ?? .nan) - (symmetries[1] + symmetries[2]) / 2) < 2e-4)

        let json = try ToolProcess.run("dict-info", [path, "--json", "--per-atom"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["count"] as? Int == 4 && (object["per_kernel"] as? [Any])?.count == 4)
        #expect(abs((object["median_radial_symmetry"] as? Double ?? .nan) - (Double(values["median-radial-symmetry"] ?? "") ?? 0)) < 1e-4)
    }

    /// Colour kernels [M, 3, S, S], channel-major: each channel a multiple of the grey kernel,
    /// so the measures equal the grey ones (a channel-last misreading would scramble them).
    @Test func dictInfoColourKernelsMatchGrey() throws {
        var colour = [Float]()
        for index in 0..<4 {
            let plane = Self.greyKernels[(index * 81)..<((index + 1) * 81)]
            for weight: Float in [1, 0.5, -1] { colour += plane.map { $0 * weight / 1.5 } }
        }
        let grey = try ToolProcess.run("dict-info", ["--per-atom"], input: Data(HandFrame.encode([HandFrame.f32("data", [4, 1, 9, 9], Self.greyKernels)])))
        let coloured = try ToolProcess.run("dict-info", ["--per-atom"], input: Data(HandFrame.encode([HandFrame.f32("data", [4, 3, 9, 9], colour)])))
        #expect(grey.status == 0 && coloured.status == 0)
        let (a, b) = (Self.report(grey).kernels, Self.report(coloured).kernels)
        try #require(a.count == 4 && b.count == 4)
        for (x, y) in zip(a, b) { for (u, v) in zip(x, y) { #expect(abs(u - v) < 2e-3, "\(x) vs \(y)") } }
        #expect(Self.report(coloured).values["channels"] == "3")
    }

    /// Colour kernels are drawn in colour, channel-major values placed as RGB, each kernel
    /// scaled by its own largest magnitude about mid-grey.
    @Test func montageDrawsColourKernels() throws {
        // Two 1×2 kernels of three channels: [M=2, C=3, 1, 2].
        let values: [Float] = [1, -1, 0.5, 0, 0, 0.25, /* kernel 1 */ 2, 0, 0, 0, 0, -4]
        let directory = try ToolProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("k.png").path
        let result = try ToolProcess.run("montage", ["--pad", "0", "--cols", "2", "-o", out, "--depth", "16"],
                                         input: Data(HandFrame.encode([HandFrame.f32("data", [2, 3, 1, 2], values)])))
        #expect(result.status == 0, "\(result.stderr)")
        let image = try readPNG(path: out, color: true)
        #expect(image.width == 4 && image.height == 1 && image.channels == 3)
        // Pixel (x) of kernel m, channel c is values[m·6 + c·2 + x]; shown 0.5 + v / (2·peak).
        for m in 0..<2 {
            let peak = values[(m * 6)..<(m * 6 + 6)].map { abs($0) }.max()!
            for x in 0..<2 {
                for c in 0..<3 {
                    let expected = 0.5 + values[m * 6 + c * 2 + x] / (2 * peak)
                    #expect(abs(image[0, m * 2 + x, c] - expected) < 1e-4, "kernel \(m) x \(x) channel \(c)")
                }
            }
        }
    }

    /// Feature maps [M, H, W]: one grey tile per map, all on one scale (the largest magnitude
    /// over all maps), so a map of small values stays near grey; --range clips.
    @Test func montageDrawsMapsOnACommonScale() throws {
        let maps: [Float] = [0, 8, 0, -2, /* map 1 */ 1, 0, 0, 0]
        let frame = Data(HandFrame.encode([HandFrame.f32("data", [2, 2, 2], maps)], numbers: [("lambda", 0.1)]))
        let directory = try ToolProcess.temporaryDirectory()
        func draw(_ options: [String]) throws -> Image {
            let out = directory.appendingPathComponent("m.png").path
            let result = try ToolProcess.run("montage", ["--pad", "0", "--cols", "2", "--depth", "16", "-o", out] + options, input: frame)
            #expect(result.status == 0, "\(result.stderr)")
            return try readPNG(path: out, color: false)
        }
        let common = try draw([])
        #expect(common.width == 4 && common.height == 2 && common.channels == 1)
        let expected = maps.map { 0.5 + $0 / 16 }
        for m in 0..<2 { for y in 0..<2 { for x in 0..<2 {
            #expect(abs(common[y, m * 2 + x, 0] - expected[m * 4 + y * 2 + x]) < 1e-4)
        } } }
        let own = try draw(["--stretch", "tile"])
        #expect(abs(own[0, 2, 0] - 1) < 1e-4, "map 1 scaled by its own peak 1")
        let clipped = try draw(["--range", "2"])
        #expect(abs(clipped[0, 1, 0] - 1) < 1e-4 && abs(clipped[1, 1, 0] - 0) < 1e-4 && abs(clipped[0, 2, 0] - 0.75) < 1e-4)
    }

    /// --stretch intensity draws rows as intensities (decoded digits): 0 black, 1 white,
    /// clipped, whatever the other values; with --range it is a usage error.
    @Test func montageDrawsIntensities() throws {
        let rows: [Float] = [0, 0.25, 0.5, 1, /* row 1 */ 0.1, 0, 2, -1]
        let frame = Data(HandFrame.encode([HandFrame.f32("data", [2, 4], rows)], numbers: [("patch_height", 2), ("patch_width", 2)]))
        let directory = try ToolProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("i.png").path
        let result = try ToolProcess.run("montage", ["--pad", "0", "--cols", "2", "--depth", "16", "--stretch", "intensity", "-o", out], input: frame)
        #expect(result.status == 0, "\(result.stderr)")
        let image = try readPNG(path: out, color: false)
        for t in 0..<2 { for y in 0..<2 { for x in 0..<2 {
            #expect(abs(image[y, t * 2 + x, 0] - min(max(rows[t * 4 + y * 2 + x], 0), 1)) < 1e-4, "tile \(t) (\(y), \(x))")
        } } }
        let refused = try ToolProcess.run("montage", ["--stretch", "intensity", "--range", "1", "-o", out + "2"], input: frame)
        #expect(refused.status == 2 && refused.stderr.hasPrefix("montage: "))
    }

    @Test func badKernelsAndMaps() throws {
        let cases: [([String], [UInt8], String)] = [
            (["montage"], HandFrame.encode([HandFrame.f32("data", [1, 2, 2, 2], [Float](repeating: 1, count: 8))]), "2 channels"),
            (["montage"], HandFrame.encode([HandFrame.f32("data", [1, 1, 1, 1, 1], [1])]), "must be"),
            (["montage"], HandFrame.encode([HandFrame.f32("data", [1, 2, 2], [1, .nan, 0, 0])]), "NaN"),
            (["montage"], HandFrame.encode([HandFrame.f32("data", [1, 2, 2], [1, 0, 0, 0])]) + HandFrame.encode([HandFrame.f32("data", [1, 3, 3], [Float](repeating: 0, count: 9))]), "change shape"),
            (["montage", "--range", "0"], HandFrame.encode([HandFrame.f32("data", [1, 2, 2], [1, 0, 0, 0])]), "range"),
            (["dict-info"], HandFrame.encode([HandFrame.f32("data", [1, 1, 2, 2], [1, .infinity, 0, 0])]), "NaN or infinity"),
            (["dict-info"], HandFrame.encode([HandFrame.f32("data", [2, 4], [Float](repeating: 0.5, count: 8))], strings: [("kind", "csc-kernels")]), "[kernels, channels, height, width]"),
        ]
        for (command, input, fragment) in cases {
            let result = try ToolProcess.run(command[0], Array(command.dropFirst()), input: Data(input))
            let message = result.stderr
            #expect(result.status == 1 || result.status == 2, "\(command) \(fragment): \(result.status)")
            #expect(result.stdout.isEmpty && message.hasPrefix("\(command[0]): ") && message.contains(fragment)
                    && message.split(separator: "\n").count == 1, "\(command): \(message)")
        }
    }
}
