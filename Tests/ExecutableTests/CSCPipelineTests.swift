import Foundation
import ImageIO
import Testing
import TensorCore
import TensorStream

/// Small inputs for the CSC tools, made once per test in a fresh directory: crops of the
/// sample photos as PNG, kernels written by `HandFrame` (independent of the tools' writer).
struct CSCFixtures {
    let directory: URL
    /// 64x64 grey crops of camera.png at two places.
    let grey: String, grey2: String
    /// A 32x32 RGB crop of coffee.png.
    let colour: String
    /// A 6x6 grey image, smaller than the kernels.
    let tiny: String
    /// A 96x128 (HxW) grey crop, for tiles.
    let wide: String
    /// 4 unit-norm 8x8 kernels, grey [4, 1, 8, 8] and colour [4, 3, 8, 8].
    let kernels: String, colourKernels: String

    init() throws {
        directory = try ToolProcess.temporaryDirectory()
        let folder = directory
        func file(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let camera = try readPNG(path: ToolProcess.sample("camera.png"), color: false)
        let coffee = try readPNG(path: ToolProcess.sample("coffee.png"), color: true)
        (grey, grey2, colour, tiny) = (file("grey.png"), file("grey2.png"), file("colour.png"), file("tiny.png"))
        try Self.writeCrop(of: camera, top: 200, left: 220, size: 64, to: grey)
        try Self.writeCrop(of: camera, top: 60, left: 300, size: 64, to: grey2)
        try Self.writeCrop(of: coffee, top: 150, left: 250, size: 32, to: colour)
        try Self.writeCrop(of: camera, top: 0, left: 0, size: 6, to: tiny)
        wide = file("wide.png")
        try Self.writeCrop(of: camera, top: 180, left: 200, height: 96, width: 128, to: wide)
        (kernels, colourKernels) = (file("k4.lpt"), file("k4c.lpt"))
        try Self.writeKernels(count: 4, channels: 1, size: 8, seed: 1, to: kernels)
        try Self.writeKernels(count: 4, channels: 3, size: 8, seed: 2, to: colourKernels)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func writeCrop(of image: Image, top: Int, left: Int, size: Int, to path: String) throws {
        try writeCrop(of: image, top: top, left: left, height: size, width: size, to: path)
    }

    static func writeCrop(of image: Image, top: Int, left: Int, height: Int, width: Int, to path: String) throws {
        var pixels: [Float] = []
        for y in top..<(top + height) {
            let row = (y * image.width + left) * image.channels
            pixels += image.pixels[row..<(row + width * image.channels)]
        }
        let crop = Image(width: width, height: height, channels: image.channels, pixels: pixels)
        try Data(try encodePNG(crop)).write(to: URL(fileURLWithPath: path))
    }

    /// Unit-norm kernels of values from a small LCG (not the tools' generator).
    static func writeKernels(count: Int, channels: Int, size: Int, seed: UInt64, to path: String) throws {
        var state = seed
        let per = channels * size * size
        var values: [Float] = []
        for _ in 0..<count {
            let kernel = (0..<per).map { _ -> Float in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
            }
            let norm = kernel.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values += kernel.map { $0 / norm }
        }
        let frame = HandFrame.encode([HandFrame.f32("data", [UInt64(count), UInt64(channels), UInt64(size), UInt64(size)], values)],
                                     numbers: [("lambda", 0.05)], strings: [("kind", "csc-kernels")])
        try Data(frame).write(to: URL(fileURLWithPath: path))
    }

    /// Every frame of a stream file.
    static func frames(_ path: String) throws -> [Frame] {
        let input = try TensorInput(path: path)
        var frames: [Frame] = []
        while let frame = try input.next() { frames.append(frame) }
        return frames
    }

    /// PSNR in dB of two images of samples in [0, 1], computed here.
    static func psnr(_ a: [Float], _ b: [Float]) -> Double {
        let mse = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(a.count)
        return 10 * log10(1 / mse)
    }
}

/// The CSC tools chained as users chain them, with figures computed in the test.
struct CSCPipelineTests {
    @Test("highpass splits an image into data + lowpass that add up to it, and a flat image is all low-pass")
    func highpassKeepsThePhoto() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let run = try ToolProcess.run("highpass", [f.grey, "--lambda", "5", "-o", f.path("hp.lpt")])
        #expect(run.status == 0, "\(run.stderr)")
        let frame = try #require(try CSCFixtures.frames(f.path("hp.lpt")).first)
        let data = try #require(frame["data"]), low = try #require(frame["lowpass"])
        #expect(data.shape == [1, 64, 64] && low.shape == [1, 64, 64])
        let photo = try readPNG(path: f.grey, color: false).pixels
        let sum = zip(data.floats, low.floats).map { $0 + $1 }
        #expect(zip(sum, photo).allSatisfy { abs($0 - $1) < 1e-5 })
        // The high-pass part has (nearly) no mean and less energy than the photo's deviations.
        let mean = photo.reduce(0, +) / Float(photo.count)
        #expect(abs(data.floats.reduce(0, +) / Float(photo.count)) < 0.01)
        #expect(data.floats.reduce(0) { $0 + $1 * $1 } < photo.reduce(0) { $0 + ($1 - mean) * ($1 - mean) })

        let flat = f.path("flat.png")
        try Data(try encodePNG(Image(width: 20, height: 12, channels: 1, pixels: [Float](repeating: 0.4, count: 240)))).write(to: URL(fileURLWithPath: flat))
        let flatRun = try ToolProcess.run("highpass", [flat, "-o", f.path("flat.lpt")])
        #expect(flatRun.status == 0, "\(flatRun.stderr)")
        let flatFrame = try #require(try CSCFixtures.frames(f.path("flat.lpt")).first)
        #expect(flatFrame["data"]!.floats.allSatisfy { abs($0) < 1e-5 })
    }

    @Test("highpass | csc-encode | csc-reconstruct gives the photo back (PSNR computed here), whole and in tiles")
    func encodeReconstructRoundTrip() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let photo = try readPNG(path: f.wide, color: false).pixels
        var psnrs: [Double] = [], energies: [Double] = [], innerPSNRs: [Double] = []
        // The pixels 7 (the kernel size less 1) or more from the image's edge: the tiled maps do not
        // wrap around the image, so pixels nearer the edge are reached by fewer maps than the whole
        // image's circular code has.
        func inner(_ pixels: [Float]) -> [Float] { (7..<89).flatMap { y in pixels[(y * 128 + 7)..<(y * 128 + 121)] } }
        // 64x64 tiles of the 96x128 image: a look-ahead of four kernel sizes below and right, so
        // 32-pixel interiors, the last tile of a row or column keeping all it covers: 2 x 3 tiles.
        for tiling in [[], ["--tile", "64"]] {
            let maps = f.path("maps\(tiling.count).lpt"), out = f.path("back\(tiling.count).png")
            let encode = try ToolProcess.shell("highpass \(f.wide) | csc-encode --kernels \(f.kernels) --lambda 0.002 --max-iter 400 --report \(tiling.joined(separator: " ")) -o \(maps)")
            #expect(encode.status == 0, "\(encode.stderr)")
            #expect(encode.stderr.contains("non-zeros") && (tiling.isEmpty || encode.stderr.contains("6 tiles")), "\(encode.stderr)")
            energies.append(try #require(Self.reportedEnergy(encode.stderr)))
            let frame = try #require(try CSCFixtures.frames(maps).first)
            #expect(frame["data"]?.shape == [4, 96, 128])
            #expect(frame["lowpass"]?.shape == [1, 96, 128])
            #expect(frame.attribute("lambda")?.number == 0.002)
            let rebuild = try ToolProcess.run("csc-reconstruct", ["--kernels", f.kernels, maps, "-o", out])
            #expect(rebuild.status == 0, "\(rebuild.stderr)")
            let back = try readPNG(path: out, color: false).pixels
            psnrs.append(CSCFixtures.psnr(back, photo))
            innerPSNRs.append(CSCFixtures.psnr(inner(back), inner(photo)))
        }
        // Four random kernels at a small lambda code the high-pass part closely (measured 53.7 dB).
        // Tiles are solved in raster order on what the maps already kept leave of the image, so the
        // stitched maps rebuild what the tiles fitted: away from the edge the seams cost little
        // (measured 53.72 dB whole, 53.55 dB tiled); at the edge, where the tiled maps do not wrap
        // around, less is coded (measured 51.0 dB over all pixels; energies 1.0334 whole, 1.1723 tiled,
        // 1.1676 for the whole image coded without the wrap).
        #expect(psnrs[0] >= 45, "whole: \(psnrs[0]) dB")
        #expect(innerPSNRs[1] >= innerPSNRs[0] - 1, "away from the edge: tiled \(innerPSNRs[1]) dB, whole \(innerPSNRs[0]) dB")
        #expect(psnrs[1] >= psnrs[0] - 4, "tiled: \(psnrs[1]) dB, whole \(psnrs[0]) dB")
        // The tiled encoder reports the energy of the stitched maps, near the whole image's.
        #expect(energies[1] >= 0.99 * energies[0] && energies[1] <= 1.2 * energies[0], "energies whole \(energies[0]), tiled \(energies[1])")
    }

    @Test("csc-encode at a realistic lambda: the tiles' energy is within a few percent of the whole image's")
    func tiledEnergyNearWholeEnergy() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let highpass = try ToolProcess.run("highpass", [f.wide, "-o", f.path("hp.lpt")])
        #expect(highpass.status == 0, "\(highpass.stderr)")
        var energies: [Double] = []
        for tiling in [[], ["--tile", "64"]] {
            let encode = try ToolProcess.run("csc-encode", ["--kernels", f.kernels, "--lambda", "0.05", "--tol", "1e-4", "--max-iter", "1000",
                                                            "--report", f.path("hp.lpt"), "-o", f.path("maps.lpt")] + tiling)
            #expect(encode.status == 0, "\(encode.stderr)")
            energies.append(try #require(Self.reportedEnergy(encode.stderr)))
        }
        // Measured: 18.405 whole, 19.153 in 64x64 tiles (+4.1%, all of it the image's edge: the whole
        // image coded without the wrap has 19.152).
        #expect(energies[1] <= 1.05 * energies[0] && energies[1] >= 0.99 * energies[0], "energies whole \(energies[0]), tiled \(energies[1])")
    }

    /// The total energy from a `csc-encode --report` summary line.
    static func reportedEnergy(_ stderr: String) -> Double? {
        guard let line = stderr.split(separator: "\n").last(where: { $0.contains("images,") }),
              let range = line.range(of: "; energy ") else { return nil }
        return Double(line[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// The iterations from a `csc-encode --report` summary line (`..., 88 iterations, ...`).
    static func reportedIterations(_ stderr: String) -> Int? {
        guard let line = stderr.split(separator: "\n").last(where: { $0.contains("images,") }),
              let range = line.range(of: " iterations, ") else { return nil }
        return Int(line[..<range.lowerBound].split(separator: " ").last ?? "")
    }

    @Test("csc-encode: fista and admm reach the same energy; --target-energy stops sooner")
    func solversAgree() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        #expect(try ToolProcess.run("highpass", [f.grey, "-o", f.path("hp.lpt")]).status == 0)
        var energies: [String: Double] = [:], iterations: [String: Int] = [:]
        for algorithm in ["fista", "admm"] {
            let run = try ToolProcess.run("csc-encode", ["--kernels", f.kernels, f.path("hp.lpt"), "--lambda", "0.02", "--algorithm", algorithm,
                                                        "--max-iter", "2000", "--tol", "1e-5", "--report", "-o", f.path("\(algorithm).lpt")])
            #expect(run.status == 0, "\(run.stderr)")
            energies[algorithm] = Self.reportedEnergy(run.stderr)
            iterations[algorithm] = Self.reportedIterations(run.stderr)
        }
        let (fista, admm) = (try #require(energies["fista"]), try #require(energies["admm"]))
        #expect(abs(fista - admm) <= 1e-3 * fista, "fista \(fista), admm \(admm)")
        let target = 1.05 * fista
        let early = try ToolProcess.run("csc-encode", ["--kernels", f.kernels, f.path("hp.lpt"), "--lambda", "0.02", "--max-iter", "2000",
                                                      "--tol", "1e-5", "--target-energy", "\(target)", "--report", "-o", f.path("early.lpt")])
        let reached = try #require(Self.reportedEnergy(early.stderr))
        #expect(reached <= target && reached >= fista * 0.999, "target \(target), reached \(reached)")
        let (fewer, all) = (try #require(Self.reportedIterations(early.stderr)), try #require(iterations["fista"]))
        #expect(fewer < all, "--target-energy took \(fewer) iterations, the full run \(all)")
    }

    @Test("colour: highpass --color | csc-encode with colour kernels keeps single-channel maps, reconstruct gives 3 channels")
    func colourRoundTrip() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        let run = try ToolProcess.shell("highpass --color \(f.colour) | csc-encode --kernels \(f.colourKernels) --lambda 0.002 | csc-reconstruct --kernels \(f.colourKernels) > \(f.path("back.lpt"))")
        #expect(run.status == 0, "\(run.stderr)")
        let frame = try #require(try CSCFixtures.frames(f.path("back.lpt")).first)
        #expect(frame["data"]?.shape == [3, 32, 32])
        #expect(frame["lowpass"] == nil)
        let photo = try readPNG(path: f.colour, color: true)
        let rebuilt = Image(planes: frame["data"]!.floats, channels: 3, height: 32, width: 32)
        #expect(CSCFixtures.psnr(rebuilt.pixels, photo.pixels) >= 30)
        // A PNG given straight to csc-encode with colour kernels is read in colour.
        let direct = try ToolProcess.run("csc-encode", ["--kernels", f.colourKernels, f.colour, "-o", f.path("m.lpt")])
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(try CSCFixtures.frames(f.path("m.lpt")).first?["data"]?.shape == [4, 32, 32])
    }
}

/// csc-learn on two small high-passed images: unit-norm kernels, the same seed the same bytes,
/// checkpoints that change nothing, and --resume that continues the count.
extension CSCPipelineTests {
    /// Runs csc-learn and returns its model frame's bytes and stderr.
    static func learn(_ f: CSCFixtures, _ arguments: [String], to name: String) throws -> (bytes: Data, stderr: String) {
        let out = f.path(name)
        let run = try ToolProcess.run("csc-learn", arguments + ["-o", out])
        #expect(run.status == 0, "csc-learn \(arguments): \(run.stderr)")
        return (try Data(contentsOf: URL(fileURLWithPath: out)), run.stderr)
    }

    /// Each of the `count` kernels in `values` has l2 norm 1 (to 1e-3).
    static func expectUnitNorm(_ values: [Float], count: Int) {
        let size = values.count / count
        for m in 0..<count {
            let norm = values[(m * size)..<((m + 1) * size)].reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-3, "kernel \(m) has norm \(norm)")
        }
    }

    @Test("csc-learn writes unit-norm kernels, the same seed gives the same bytes, --save-every and --resume")
    func learnKernels() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        for (image, stream) in [(f.grey, "a.lpt"), (f.grey2, "b.lpt"), (f.colour, "held.lpt")] {
            #expect(try ToolProcess.run("highpass", [image, "-o", f.path(stream)]).status == 0)
        }
        let images = [f.path("a.lpt"), f.path("b.lpt")]
        // The held-out image is the colour crop read as grey (highpass wrote it in grey).
        let common = ["--kernels", "4", "--kernel-size", "8", "--lambda", "0.05", "--max-iter", "30", "--kernel-iter", "10"] + images
        let first = try Self.learn(f, common + ["--epochs", "2", "--seed", "3", "--held-out", f.path("held.lpt"), "--progress"], to: "k1.lpt")
        let again = try Self.learn(f, common + ["--epochs", "2", "--seed", "3", "--held-out", f.path("held.lpt")], to: "k1b.lpt")
        let otherSeed = try Self.learn(f, common + ["--epochs", "2", "--seed", "4", "--held-out", f.path("held.lpt")], to: "k1c.lpt")
        #expect(first.bytes == again.bytes, "the same seed gave different kernels")
        #expect(first.bytes != otherSeed.bytes, "another seed gave the same kernels")
        #expect(first.stderr.contains("epoch 2 of 2") && first.stderr.contains("held-out objective"), "\(first.stderr)")

        let model = try #require(try CSCFixtures.frames(f.path("k1.lpt")).first)
        let kernels = try #require(model["data"])
        #expect(kernels.shape == [4, 1, 8, 8])
        Self.expectUnitNorm(kernels.floats, count: 4)
        #expect(model.attribute("kind")?.string == "csc-kernels")
        #expect(model.attribute("epochs")?.number == 2)
        #expect(model.attribute("seed")?.number == 3)
        #expect(model.attribute("images_seen")?.number == 4)
        #expect(model.attribute("held_out_objective")?.number.map { $0.isFinite && $0 > 0 } == true)

        // Checkpoints after every image change nothing in the final model.
        let checkpointed = try Self.learn(f, common + ["--epochs", "2", "--seed", "3", "--held-out", f.path("held.lpt"), "--save-every", "1"], to: "k1d.lpt")
        #expect(checkpointed.bytes == first.bytes)

        // Resuming continues: one more epoch, two more images, other kernels, still unit norm.
        let resumed = try Self.learn(f, ["--resume", f.path("k1.lpt"), "--epochs", "1", "--max-iter", "30", "--kernel-iter", "10"] + images, to: "k2.lpt")
        let next = try #require(try CSCFixtures.frames(f.path("k2.lpt")).first)
        #expect(next.attribute("epochs")?.number == 3)
        #expect(next.attribute("images_seen")?.number == 6)
        #expect(next["data"]?.shape == [4, 1, 8, 8])
        #expect(next["data"] != kernels)
        #expect(resumed.bytes != first.bytes)
        // The learned kernels code the images: encode with them and rebuild.
        let check = try ToolProcess.shell("csc-encode --kernels \(f.path("k2.lpt")) \(images[0]) --lambda 0.01 | csc-reconstruct --kernels \(f.path("k2.lpt")) -o \(f.path("back.png"))")
        #expect(check.status == 0, "\(check.stderr)")
        let photo = try readPNG(path: f.grey, color: false).pixels
        #expect(CSCFixtures.psnr(try readPNG(path: f.path("back.png"), color: false).pixels, photo) >= 30)
    }

    @Test("csc-learn --crop learns from every crop of every image: one update per crop, seeded")
    func learnFromCrops() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        for (image, stream) in [(f.grey, "a.lpt"), (f.grey2, "b.lpt")] {
            #expect(try ToolProcess.run("highpass", [image, "-o", f.path(stream)]).status == 0)
        }
        let common = ["--kernels", "2", "--kernel-size", "8", "--max-iter", "20", "--kernel-iter", "5", "--epochs", "2",
                      f.path("a.lpt"), f.path("b.lpt")]
        let cropped = try Self.learn(f, common + ["--crop", "32", "--seed", "1"], to: "c1.lpt")
        let again = try Self.learn(f, common + ["--crop", "32", "--seed", "1"], to: "c2.lpt")
        let whole = try Self.learn(f, common + ["--seed", "1"], to: "w.lpt")
        #expect(cropped.bytes == again.bytes)
        #expect(cropped.bytes != whole.bytes)
        // 64x64 images in 32x32 crops: 4 crops an image, 2 images, 2 epochs.
        let model = try #require(try CSCFixtures.frames(f.path("c1.lpt")).first)
        #expect(model.attribute("images_seen")?.number == 16)
        Self.expectUnitNorm(try #require(model["data"]).floats, count: 2)
        let tooSmall = try ToolProcess.run("csc-learn", common + ["--crop", "4", "-o", f.path("bad.lpt")])
        #expect(tooSmall.status == 2 && tooSmall.stderr.hasPrefix("csc-learn: --crop 4"), "\(tooSmall.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.path("bad.lpt")))
    }

    @Test("csc-learn --color learns colour kernels [N, 3, S, S] from a colour PNG, unit norm")
    func learnColourKernels() throws {
        let f = try CSCFixtures()
        defer { try? FileManager.default.removeItem(at: f.directory) }
        _ = try Self.learn(f, ["--kernels", "3", "--kernel-size", "5", "--color", "--max-iter", "20", "--kernel-iter", "5", f.colour], to: "kc.lpt")
        let model = try #require(try CSCFixtures.frames(f.path("kc.lpt")).first)
        let kernels = try #require(model["data"])
        #expect(kernels.shape == [3, 3, 5, 5])
        Self.expectUnitNorm(kernels.floats, count: 3)
        // Resuming them on a grey image stream is refused (a grey PNG would be read in colour).
        #expect(try ToolProcess.run("highpass", [f.grey, "-o", f.path("grey.lpt")]).status == 0)
        let grey = try ToolProcess.run("csc-learn", ["--resume", f.path("kc.lpt"), f.path("grey.lpt"), "-o", f.path("kc2.lpt")])
        #expect(grey.status == 1 && grey.stderr.contains("has 1 channel but the kernels have 3"), "\(grey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.path("kc2.lpt")))
    }
}
