import Foundation
import ImageIO
import Testing

/// End-to-end pipelines of the built tools, checked against independent computations.
struct PipelineTests {
    static let camera = ToolProcess.sample("camera.png")
    static let dictionary = ToolProcess.sample("dct-8x8-256.lpt")

    /// PSNR in dB computed here, from the PNGs, not by the psnr tool.
    static func psnr(_ a: String, _ b: String) throws -> Double {
        let x = try readPNG(path: a, color: false), y = try readPNG(path: b, color: false)
        precondition(x.pixels.count == y.pixels.count)
        let mse = zip(x.pixels, y.pixels).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(x.pixels.count)
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    /// The quickstart's pipeline on overlapping patches: at λ = 1e-6 it gives the photo back
    /// (PSNR ≥ 45 dB); at the default λ the codes are sparse and the photo still recognisable.
    @Test(arguments: ["1e-6", "1"])
    func roundTrip(lambda: String) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.shell("""
            patchify \(Self.camera) --stride 4 -o patches.lpt
            whiten --save zca.lpt patches.lpt -o white.lpt
            sparse-encode --dict \(Self.dictionary) --lambda \(lambda) --report white.lpt \
              | sparse-reconstruct --dict \(Self.dictionary) \
              | whiten --model zca.lpt --inverse \
              | unpatchify -o out.png
            """, directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = result.stderr
        #expect(report.contains("16129 rows"), "\(report)")
        let quality = try Self.psnr(Self.camera, directory.appendingPathComponent("out.png").path)
        let nonZeros = Double(report.split(separator: " ").drop { $0 != "non-zeros" }.dropFirst().first ?? "") ?? -1
        if lambda == "1e-6" {
            #expect(quality >= 45, "PSNR \(quality) dB")
        } else {
            #expect(quality >= 28, "PSNR \(quality) dB")
            #expect(nonZeros > 1 && nonZeros < 40, "mean non-zeros \(nonZeros)")
        }
    }

    /// The psnr tool agrees with the PSNR computed here, and rejects what it cannot compare.
    @Test func psnrToolAgrees() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let setup = try ToolProcess.shell("""
            patchify \(Self.camera) --stride 4 -o p.lpt
            sparse-encode --dict \(Self.dictionary) --lambda 0.05 --max-iter 30 p.lpt | sparse-reconstruct --dict \(Self.dictionary) | unpatchify -o r.png
            """, directory: directory)
        #expect(setup.status == 0, "\(setup.stderr)")
        let rebuilt = directory.appendingPathComponent("r.png").path
        let result = try ToolProcess.run("psnr", [Self.camera, rebuilt])
        let printed = Double(String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        let expected = try Self.psnr(Self.camera, rebuilt)
        #expect(abs(printed - expected) < 0.01, "psnr printed \(printed), expected \(expected)")
        #expect(String(decoding: try ToolProcess.run("psnr", [Self.camera, Self.camera]).stdout, as: UTF8.self) == "inf\n")
        let garbage = directory.appendingPathComponent("garbage.png").path, empty = directory.appendingPathComponent("empty.png").path
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: garbage))
        try Data().write(to: URL(fileURLWithPath: empty))
        for arguments in [[Self.camera], [Self.camera, ToolProcess.sample("coffee.png")], [Self.camera, "/no/such.png"],
                          [Self.camera, garbage], [empty, Self.camera]] {
            BadInputTests.expectCleanFailure(try ToolProcess.run("psnr", arguments), "psnr", arguments.joined(separator: " "))
        }
    }

    /// patchify | unpatchify is exact for any stride that covers the image, gray or colour.
    @Test(arguments: [("1", false), ("3", false), ("7", true), ("5", true)])
    func patchesRebuildTheImageExactly(stride: String, color: Bool) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let image = ToolProcess.sample(color ? "coffee.png" : "camera.png")
        let flag = color ? "--color" : ""
        let result = try ToolProcess.shell("patchify \(image) \(flag) --patch-size 7x9 --stride \(stride) --batch-size 1000 | unpatchify -o out.png",
                                           directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let original = try readPNG(path: image, color: color)
        let rebuilt = try readPNG(path: directory.appendingPathComponent("out.png").path, color: color)
        #expect(original.width == rebuilt.width && original.height == rebuilt.height && original.channels == rebuilt.channels)
        let differing = zip(original.pixels, rebuilt.pixels).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) samples differ")
    }

    /// Same seed, same bytes; another seed, other bytes.
    @Test func reproducibleBySeed() throws {
        let a = try ToolProcess.run("patchify", [Self.camera, "--random", "500", "--seed", "42"])
        let b = try ToolProcess.run("patchify", [Self.camera, "--random", "500", "--seed", "42"])
        let c = try ToolProcess.run("patchify", [Self.camera, "--random", "500", "--seed", "43"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout != c.stdout)
        // Coding is deterministic too, whatever the frame size.
        let codesSmall = try ToolProcess.shell("patchify \(Self.camera) --random 500 --batch-size 37 | whiten | sparse-encode --dict \(Self.dictionary) | tensor-convert --to npy")
        let codesLarge = try ToolProcess.shell("patchify \(Self.camera) --random 500 --batch-size 500 | whiten | sparse-encode --dict \(Self.dictionary) | tensor-convert --to npy")
        #expect(codesSmall.status == 0 && !codesSmall.stdout.isEmpty)
        #expect(codesSmall.stdout == codesLarge.stdout)
    }

    /// Fitting from stdin (spilled to a temporary file) and from a file argument (read twice)
    /// give the same model and the same output.
    @Test func whitenFitsTheSameFromStdinAndFromAFile() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.shell("""
            patchify \(Self.camera) --random 2000 --batch-size 300 -o p.lpt
            whiten --save a.lpt < p.lpt > wa.lpt
            whiten --save b.lpt p.lpt -o wb.lpt
            cmp a.lpt b.lpt && cmp wa.lpt wb.lpt
            whiten --model a.lpt p.lpt | cmp - wa.lpt
            """, directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Our stream, read by the independent Python codec written from the spec, and the other way.
    @Test(.enabled(if: PipelineTests.hasPython, "python3 is not installed"))
    func independentCodecAgrees() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let codec = ToolProcess.packageRoot.appendingPathComponent("tools").path
        let result = try ToolProcess.shell("""
            patchify \(Self.camera) --random 3 --seed 1 -o p.lpt
            python3 - <<'PY'
            import sys; sys.path.insert(0, "\(codec)")
            import stream_format as s
            frames = list(s.read_frames(open("p.lpt", "rb").read()))
            assert len(frames) == 1
            tensors, attributes = frames[0]
            names = [t[0] for t in tensors]
            assert names == ["data", "dc", "pos"], names
            assert dict(attributes)["patch_height"] == 8
            data = tensors[0]
            assert data[2] == [3, 64]
            out = s.write_frame([("data", "f", [2, 2], [1.0, -2.0, 3.5, 0.0])], [("note", "made in python")])
            open("py.lpt", "wb").write(out)
            PY
            tensor-info py.lpt
            """, directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("data  f32  2x2  min -2  max 3.5") && text.contains("note=made in python"), "\(text)")
    }

    static let hasPython = (try? ToolProcess.shell("python3 -c 'import sys'").status) == 0
    static let hasNumpy = (try? ToolProcess.shell("python3 -c 'import numpy'").status) == 0

    /// tensor-convert output loads in NumPy and matches; dictionaries NumPy wrote (.npy and
    /// .npz) give sparse-encode the same codes as our own file.
    @Test(.enabled(if: PipelineTests.hasNumpy, "python3 with numpy is not installed: skipping the NumPy interop test"))
    func numpyInterop() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.shell("""
            set -e
            patchify \(Self.camera) --random 200 --batch-size 64 -o p.lpt
            tensor-convert p.lpt -o p.npz
            tensor-convert p.lpt -o p.npy
            tensor-convert \(Self.dictionary) -o d.npy
            python3 - <<'PY'
            import numpy as np, sys
            sys.path.insert(0, "\(ToolProcess.packageRoot.appendingPathComponent("tools").path)")
            import stream_format as s
            frames = list(s.read_frames(open("p.lpt", "rb").read()))
            data = np.concatenate([np.array(t[0][3], dtype=np.float32).reshape(t[0][2]) for t, _ in frames])
            z = np.load("p.npz")
            assert sorted(z.files) == ["data", "dc", "pos"], z.files
            assert z["data"].dtype == np.float32 and z["data"].shape == (200, 64)
            assert np.array_equal(z["data"], data) and np.array_equal(np.load("p.npy"), data)
            assert z["pos"].dtype == np.int32
            D = np.load("d.npy")
            assert D.shape == (256, 64) and np.allclose(np.linalg.norm(D, axis=1), 1, atol=1e-6)
            np.save("dict64.npy", D.astype(np.float64))
            np.savez("dict.npz", D)
            np.savez_compressed("dictc.npz", data=D)
            PY
            for d in \(Self.dictionary) dict64.npy dict.npz dictc.npz; do
              sparse-encode --dict "$d" p.lpt | tensor-convert --to npy | sha256sum
            done | uniq | wc -l
            """, directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// The quickstart runs as the README says and prints its figures.
    @Test func quickstartPrintsItsFigures() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let result = try ToolProcess.pipeline("quickstart.sh", in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/quickstart/reconstruction.png").path))
        let output = String(decoding: result.stdout, as: UTF8.self) + result.stderr
        #expect(output.contains("PSNR of the reconstruction:") && output.contains("mean non-zeros") && output.contains("mean energy"))
    }
}
