import Foundation
import ImageIO
import Testing

/// Every tool's output under hostile conditions: a reader that closes the pipe (`| head -c 10`),
/// a full disk (`/dev/full`), an `-o` path that cannot be written (fails at once, before any
/// input is read), and a kill while the output is open (no partial file, no stray temporary).
struct OutputSafetyTests {
    /// A tool run that succeeds and writes to stdout: its options, and its input files.
    struct Invocation: CustomStringConvertible, Sendable {
        var tool: String
        var options: [String]
        var inputs: [String]
        var description: String { tool }
    }

    static let fixtures = Fixtures()

    final class Fixtures: Sendable {
        let directory: URL
        let patches: String
        let gridPatches: String
        let codes: String
        let curve: String
        /// A 64x64 crop of camera.png, its high-passed frame, 4 kernels and its maps (the CSC tools).
        let crop: String, highpassed: String, kernels: String, maps: String
        /// A depth-1 convolutional encoder for those kernels (csc-encode --encoder).
        let convolutionalEncoder: String
        /// A small VAE of the digits (the VAE tools).
        let vae: String
        /// An untrained contrastive encoder of the digits (embed).
        let contrastive: String
        /// 2-D moons and an energy trained one epoch on them (energy-map).
        let moons: String, energy: String
        /// A DAE trained one epoch on the moons (dae-denoise).
        let dae: String
        /// A small RBM of the digits (rbm-sample).
        let rbm: String
        let digits = ToolProcess.sample("digits-8x8.lpt")
        let dictionary = ToolProcess.sample("dct-8x8-256.lpt")
        let camera = ToolProcess.sample("camera.png")

        init() {
            directory = try! ToolProcess.temporaryDirectory()
            patches = directory.appendingPathComponent("patches.lpt").path
            gridPatches = directory.appendingPathComponent("grid.lpt").path
            codes = directory.appendingPathComponent("codes.lpt").path
            curve = directory.appendingPathComponent("curve.csv").path
            crop = directory.appendingPathComponent("crop.png").path
            highpassed = directory.appendingPathComponent("hp.lpt").path
            kernels = directory.appendingPathComponent("k4.lpt").path
            maps = directory.appendingPathComponent("maps.lpt").path
            convolutionalEncoder = directory.appendingPathComponent("csc-encoder.lpt").path
            vae = directory.appendingPathComponent("vae.lpt").path
            contrastive = directory.appendingPathComponent("contrastive.lpt").path
            moons = directory.appendingPathComponent("moons.lpt").path
            energy = directory.appendingPathComponent("energy.lpt").path
            dae = directory.appendingPathComponent("dae.lpt").path
            rbm = directory.appendingPathComponent("rbm.lpt").path
            try! CSCFixtures.writeCrop(of: try! readPNG(path: camera, color: false), top: 200, left: 220, size: 64, to: crop)
            try! CSCFixtures.writeKernels(count: 4, channels: 1, size: 8, seed: 1, to: kernels)
            for (tool, arguments) in [
                ("patchify", [camera, "--random", "300", "-o", patches]),
                ("patchify", [camera, "-o", gridPatches]),
                ("sparse-encode", ["--dict", dictionary, patches, "-o", codes]),
                ("highpass", [crop, "-o", highpassed]),
                ("csc-encode", ["--kernels", kernels, highpassed, "-o", maps]),
                ("csc-ae-train", ["--kernels", kernels, "--depth", "1", "--epochs", "1", "--crop", "32", "--max-iter", "20", highpassed, "-o", convolutionalEncoder]),
                ("vae-train", ["--latent", "2", "--hidden", "4", "--epochs", "1", digits, "-o", vae]),
                ("contrast-train", ["--hidden", "4", "--dim", "2", "--epochs", "0", digits, "-o", contrastive]),
                ("toy-data", ["--kind", "moons", "--count", "200", "-o", moons]),
                ("ebm-train", ["--hidden", "4", "--epochs", "1", "--cd", "1", moons, "-o", energy]),
                ("dae-train", ["--hidden", "4", "--epochs", "1", moons, "-o", dae]),
                ("rbm-train", ["--hidden", "4", "--epochs", "1", digits, "-o", rbm]),
            ] {
                let result = try! ToolProcess.run(tool, arguments)
                precondition(result.status == 0, result.stderr)
            }
            try! Data("epoch,loss\n1,0.5\n2,0.25\n3,0.125\n".utf8).write(to: URL(fileURLWithPath: curve))
        }
    }

    static let invocations: [Invocation] = {
        let f = fixtures
        return [
            Invocation(tool: "patchify", options: [], inputs: [f.camera]),
            Invocation(tool: "unpatchify", options: [], inputs: [f.gridPatches]),
            Invocation(tool: "whiten", options: [], inputs: [f.patches]),
            Invocation(tool: "sparse-encode", options: ["--dict", f.dictionary], inputs: [f.patches]),
            Invocation(tool: "sparse-reconstruct", options: ["--dict", f.dictionary], inputs: [f.codes]),
            Invocation(tool: "dict-learn", options: ["--atoms", "4", "--steps", "2"], inputs: [f.patches]),
            Invocation(tool: "dict-info", options: [], inputs: [f.dictionary]),
            Invocation(tool: "lista-train", options: ["--dict", f.dictionary, "--depth", "1", "--epochs", "1"], inputs: [f.patches]),
            Invocation(tool: "montage", options: [], inputs: [f.dictionary]),
            Invocation(tool: "tensor-info", options: [], inputs: [f.patches]),
            Invocation(tool: "tensor-convert", options: ["--to", "npz"], inputs: [f.patches]),
            Invocation(tool: "tensor-diff", options: [], inputs: [f.patches, f.patches]),
            Invocation(tool: "psnr", options: [], inputs: [f.camera, f.camera]),
            Invocation(tool: "plot", options: [], inputs: [f.curve]),
            Invocation(tool: "scatter", options: ["--labels", "labels"], inputs: [ToolProcess.sample("digits-8x8.lpt")]),
            Invocation(tool: "highpass", options: [], inputs: [f.crop]),
            Invocation(tool: "csc-encode", options: ["--kernels", f.kernels], inputs: [f.highpassed]),
            Invocation(tool: "csc-encode", options: ["--kernels", f.kernels, "--encoder", f.convolutionalEncoder], inputs: [f.highpassed]),
            Invocation(tool: "csc-ae-train", options: ["--kernels", f.kernels, "--depth", "2", "--epochs", "1", "--crop", "32", "--max-iter", "20"], inputs: [f.highpassed]),
            Invocation(tool: "csc-reconstruct", options: ["--kernels", f.kernels], inputs: [f.maps]),
            Invocation(tool: "csc-learn", options: ["--kernels", "2", "--kernel-size", "4", "--max-iter", "5", "--kernel-iter", "2"], inputs: [f.highpassed]),
            // The test part goes to stdout (the tool's main output), the training part to a file.
            Invocation(tool: "split-rows", options: ["--train", f.directory.appendingPathComponent("split-train.lpt").path], inputs: [f.patches]),
            Invocation(tool: "augment", options: ["--shift", "1"], inputs: [f.digits]),
            Invocation(tool: "linear-probe", options: ["--C", "1"], inputs: [f.digits]),
            Invocation(tool: "vae-train", options: ["--latent", "2", "--hidden", "4", "--epochs", "1"], inputs: [f.digits]),
            Invocation(tool: "vae-encode", options: ["--model", f.vae], inputs: [f.digits]),
            // vae-sample reads no input but its model: the model is the "input" (a blocking pipe
            // in the tests that need one), after --model.
            Invocation(tool: "vae-sample", options: ["--count", "4", "--model"], inputs: [f.vae]),
            Invocation(tool: "contrast-train", options: ["--hidden", "4", "--dim", "2", "--epochs", "1"], inputs: [f.digits]),
            Invocation(tool: "embed", options: ["--model", f.contrastive], inputs: [f.digits]),
            // toy-data reads nothing: it has no input to block on (see `blockable`).
            Invocation(tool: "toy-data", options: ["--kind", "moons", "--count", "1000"], inputs: []),
            Invocation(tool: "ebm-train", options: ["--hidden", "4", "--epochs", "1", "--cd", "1"], inputs: [f.moons]),
            Invocation(tool: "dae-train", options: ["--hidden", "4", "--epochs", "1"], inputs: [f.moons]),
            Invocation(tool: "dae-denoise", options: ["--model", f.dae, "--energy"], inputs: [f.moons]),
            Invocation(tool: "energy-map", options: ["--model", f.energy, "--grid", "8"], inputs: [f.moons]),
            Invocation(tool: "rbm-train", options: ["--hidden", "4", "--epochs", "1"], inputs: [f.digits]),
            // rbm-sample as vae-sample: the model is the "input".
            Invocation(tool: "rbm-sample", options: ["--count", "4", "--steps", "2", "--model"], inputs: [f.rbm]),
            Invocation(tool: "noise-sigma", options: [], inputs: [f.crop]),
            // inpaint: a mask with every other pixel known, every 4th patch coded.
            Invocation(tool: "inpaint", options: ["--dict", f.dictionary, "--mask", checkerMask, "--stride", "4"], inputs: [f.crop]),
        ]
    }()

    /// A 64x64 mask (the crop's size) with every other pixel known, for inpaint.
    static let checkerMask: String = {
        let path = fixtures.directory.appendingPathComponent("checker-mask.png").path
        var pixels = [Float]()
        for y in 0..<64 {
            for x in 0..<64 { pixels.append((x + y) % 2 == 0 ? 0 : 1) }
        }
        try! Data(encodePNG(Image(width: 64, height: 64, channels: 1, pixels: pixels))).write(to: URL(fileURLWithPath: path))
        return path
    }()

    /// The tools that read an input, so that a named pipe nobody writes holds them with their
    /// output open (the signal test); a tool that reads nothing writes and ends at once.
    static let blockable = invocations.filter { !$0.inputs.isEmpty }

    /// One line `tool: ...` on stderr.
    static func expectOneLine(_ stderr: String, _ tool: String, _ what: String) {
        let lines = stderr.split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 && stderr.hasPrefix("\(tool): "), "\(tool) \(what): stderr \(stderr.debugDescription)")
    }

    /// Named pipes with no writer in a fresh folder: a tool that opens one blocks there, so it
    /// shows what the tool does before reading its input.
    static func blockingInputs(_ count: Int, in directory: URL) -> [String] {
        (0..<count).map { index in
            let path = directory.appendingPathComponent("input-\(index)").path
            precondition(mkfifo(path, 0o600) == 0)
            return path
        }
    }

    static func entries(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    /// Every user tool; kernel-bench and fft-bench, developers' benchmarks that write a line of
    /// text, are left out.
    @Test func everyToolIsCovered() {
        #expect(Set(Self.invocations.map(\.tool)) == Set(HelpTests.flags.keys).subtracting(["kernel-bench", "fft-bench"]))
    }

    /// `tool | head -c 10`: exit 0 and nothing on stderr, whatever the size of the output.
    @Test(arguments: invocations)
    func closedPipeAfterTenBytes(invocation: Invocation) throws {
        let run = try RunningTool(invocation.tool, invocation.options + invocation.inputs, output: .pipe)
        let head = try run.outputReader!.read(upToCount: 10) ?? Data()
        try run.outputReader!.close()
        #expect(run.waitForExit())
        #expect(!head.isEmpty)
        #expect(!run.signalled && run.status == 0, "\(invocation.tool): status \(run.status), signalled \(run.signalled)")
        #expect(run.stderr.isEmpty, "\(invocation.tool): \(run.stderr)")
    }

    /// The reader is gone before the first byte, so the first write fails: still exit 0, quietly.
    @Test(arguments: invocations)
    func readerGoneBeforeFirstByte(invocation: Invocation) throws {
        let run = try RunningTool(invocation.tool, invocation.options + invocation.inputs, output: .closedPipe)
        #expect(run.waitForExit())
        #expect(!run.signalled && run.status == 0, "\(invocation.tool): status \(run.status), signalled \(run.signalled)")
        #expect(run.stderr.isEmpty, "\(invocation.tool): \(run.stderr)")
    }

    /// Stdout on a full disk, and `-o /dev/full`: exit 1, one line naming the cause.
    @Test(arguments: invocations)
    func fullDevice(invocation: Invocation) throws {
        let redirected = try RunningTool(invocation.tool, invocation.options + invocation.inputs, output: .file("/dev/full"))
        #expect(redirected.waitForExit())
        #expect(!redirected.signalled && redirected.status == 1, "\(invocation.tool) > /dev/full: status \(redirected.status)")
        Self.expectOneLine(redirected.stderr, invocation.tool, "> /dev/full")
        #expect(redirected.stderr.contains("stdout") && redirected.stderr.contains("No space left on device"))

        let option = try ToolProcess.run(invocation.tool, invocation.options + invocation.inputs + ["-o", "/dev/full"])
        #expect(!option.signalled && option.status == 1, "\(invocation.tool) -o /dev/full: status \(option.status)")
        Self.expectOneLine(option.stderr, invocation.tool, "-o /dev/full")
        #expect(option.stderr.contains("/dev/full") && option.stderr.contains("No space left on device"))
    }

    /// `--help` to a full disk fails like any output; to a closed pipe it ends quietly.
    @Test(arguments: invocations)
    func helpToFullDeviceAndClosedPipe(invocation: Invocation) throws {
        let full = try RunningTool(invocation.tool, ["--help"], output: .file("/dev/full"))
        #expect(full.waitForExit())
        #expect(!full.signalled && full.status == 1, "\(invocation.tool) --help > /dev/full: status \(full.status)")
        Self.expectOneLine(full.stderr, invocation.tool, "--help > /dev/full")
        let closed = try RunningTool(invocation.tool, ["--help"], output: .closedPipe)
        #expect(closed.waitForExit())
        #expect(!closed.signalled && closed.status == 0 && closed.stderr.isEmpty, "\(invocation.tool) --help to a closed pipe: \(closed.status) \(closed.stderr)")
    }

    /// An `-o` in a missing folder fails at once: before the input is opened (the input here is
    /// a named pipe nobody writes, so a tool that read first would hang).
    @Test(arguments: invocations)
    func unwritableOutputFailsBeforeReadingInput(invocation: Invocation) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let inputs = Self.blockingInputs(invocation.inputs.count, in: directory)
        let target = directory.appendingPathComponent("missing/out.bin").path
        let run = try RunningTool(invocation.tool, invocation.options + inputs + ["-o", target], output: .pipe)
        #expect(run.waitForExit(timeout: 30), "\(invocation.tool) did not fail before reading its input")
        #expect(!run.signalled && run.status == 1, "\(invocation.tool): status \(run.status)")
        Self.expectOneLine(run.stderr, invocation.tool, "-o \(target)")
        #expect(run.stderr.contains(target) && run.stderr.contains("No such file or directory"))
    }

    /// SIGTERM, SIGINT or SIGHUP while the `-o` temporary exists: the tool dies of the signal
    /// and the folder holds neither the output nor the temporary.
    @Test(arguments: blockable, [SIGTERM, SIGINT, SIGHUP])
    func signalRemovesTheTemporary(invocation: Invocation, signal: Int32) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let inputs = Self.blockingInputs(invocation.inputs.count, in: directory)
        let run = try RunningTool(invocation.tool, invocation.options + inputs + ["-o", directory.appendingPathComponent("out.bin").path], output: .pipe)
        let appeared = RunningTool.eventually(timeout: 30) { Self.entries(directory).contains { $0.hasPrefix(".out.bin.tmp-") } }
        #expect(appeared, "\(invocation.tool): no temporary in \(Self.entries(directory))")
        kill(run.pid, signal)
        #expect(run.waitForExit(timeout: 30))
        #expect(run.signalled && run.status == signal, "\(invocation.tool): status \(run.status), signalled \(run.signalled)")
        #expect(Self.entries(directory) == inputs.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted())
        #expect(run.stderr.isEmpty, "\(invocation.tool): \(run.stderr)")
    }
}
