import Foundation
import Testing

/// The atomic writer seen from outside: a tool killed while writing leaves neither a partial
/// file nor a temporary (except after SIGKILL, which cannot be caught: the temporary keeps
/// a recognisable name), and side outputs (`whiten --save`, `lista-train --curve`) are
/// committed with the main output or not at all.
struct AtomicOutputTests {
    static let camera = ToolProcess.sample("camera.png")
    static let dictionary = ToolProcess.sample("dct-8x8-256.lpt")

    static func entries(_ directory: URL) -> [String] { OutputSafetyTests.entries(directory) }

    /// Starts `patchify` writing half a gigabyte to `big.lpt` and waits until bytes reach the temporary.
    static func patchifyMidWrite(in directory: URL) throws -> (RunningTool, String) {
        let run = try RunningTool("patchify", [camera, "--random", "2000000", "-o", directory.appendingPathComponent("big.lpt").path], output: .pipe)
        var temporary = ""
        let writing = RunningTool.eventually(timeout: 60) {
            guard let name = entries(directory).first(where: { $0.hasPrefix(".big.lpt.tmp-") }) else { return false }
            temporary = name
            let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            return size > 0
        }
        #expect(writing, "no bytes written to a temporary: \(entries(directory))")
        return (run, temporary)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func killedMidWriteLeavesNothing(signal: Int32) throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (run, _) = try Self.patchifyMidWrite(in: directory)
        kill(run.pid, signal)
        #expect(run.waitForExit(timeout: 30))
        #expect(run.signalled && run.status == signal, "status \(run.status), signalled \(run.signalled)")
        #expect(Self.entries(directory).isEmpty, "left \(Self.entries(directory))")
    }

    /// The documented caveat: SIGKILL cannot be caught, so the temporary stays, named
    /// `.NAME.tmp-PID-XXXXXXXX` beside the output; the output itself is not touched.
    @Test func sigkillLeavesARecognisableTemporary() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let (run, temporary) = try Self.patchifyMidWrite(in: directory)
        kill(run.pid, SIGKILL)
        #expect(run.waitForExit(timeout: 30))
        #expect(run.signalled && run.status == SIGKILL)
        #expect(Self.entries(directory) == [temporary])
        let suffix = temporary.dropFirst(".big.lpt.tmp-\(run.pid)-".count)
        #expect(temporary.hasPrefix(".big.lpt.tmp-\(run.pid)-") && suffix.count == 8 && suffix.allSatisfy(\.isHexDigit), "\(temporary)")
    }

    /// `dict-learn --save-every` killed during a long run: the last checkpoint stays whole
    /// under the output's name, the run's temporaries are gone.
    @Test func killedTrainingKeepsTheLastCheckpoint() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let patches = directory.appendingPathComponent("p.lpt").path
        #expect(try ToolProcess.run("patchify", [Self.camera, "--random", "400", "-o", patches]).status == 0)
        let output = directory.appendingPathComponent("d.lpt").path
        let run = try RunningTool("dict-learn", [patches, "--atoms", "8", "--epochs", "1000000", "--batch-size", "40",
                                                 "--save-every", "1", "-o", output], output: .pipe)
        #expect(RunningTool.eventually(timeout: 60) { FileManager.default.fileExists(atPath: output) })
        kill(run.pid, SIGTERM)
        #expect(run.waitForExit(timeout: 30))
        #expect(run.signalled && run.status == SIGTERM)
        #expect(Self.entries(directory) == ["d.lpt", "p.lpt"])
        let info = try ToolProcess.run("tensor-info", [output, "--summary"])
        #expect(info.status == 0 && String(decoding: info.stdout, as: UTF8.self).contains("8x64"), "\(info.stderr)")
    }

    /// `whiten --save z.lpt -o /missing/x` fails at once and leaves no z.lpt; with a writable
    /// `-o` both files appear.
    @Test func whitenSaveIsCommittedWithTheOutput() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let patches = directory.appendingPathComponent("p.lpt").path
        #expect(try ToolProcess.run("patchify", [Self.camera, "--random", "200", "-o", patches]).status == 0)
        let model = directory.appendingPathComponent("z.lpt").path
        let failed = try ToolProcess.run("whiten", ["--save", model, patches, "-o", "/nonexistent/x"])
        #expect(failed.status == 1 && failed.stderr.contains("/nonexistent/x"), "\(failed.stderr)")
        #expect(Self.entries(directory) == ["p.lpt"])
        let unwritableModel = try ToolProcess.run("whiten", ["--save", "/nonexistent/z.lpt", patches, "-o", directory.appendingPathComponent("w.lpt").path])
        #expect(unwritableModel.status == 1 && unwritableModel.stderr.contains("/nonexistent/z.lpt"), "\(unwritableModel.stderr)")
        #expect(Self.entries(directory) == ["p.lpt"])
        let fitted = try ToolProcess.run("whiten", ["--save", model, patches, "-o", directory.appendingPathComponent("w.lpt").path])
        #expect(fitted.status == 0, "\(fitted.stderr)")
        #expect(Self.entries(directory) == ["p.lpt", "w.lpt", "z.lpt"])
        #expect(try ToolProcess.run("tensor-info", [model]).status == 0)
    }

    /// `whiten --save z.lpt | head -c 10`: the model was complete before stdout closed, so it
    /// is kept, and the tool ends quietly with 0.
    @Test func finishedSideOutputSurvivesAClosedPipe() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let patches = directory.appendingPathComponent("p.lpt").path
        #expect(try ToolProcess.run("patchify", [Self.camera, "--random", "200", "-o", patches]).status == 0)
        let run = try RunningTool("whiten", ["--save", directory.appendingPathComponent("z.lpt").path, patches], output: .closedPipe)
        #expect(run.waitForExit())
        #expect(!run.signalled && run.status == 0 && run.stderr.isEmpty, "status \(run.status): \(run.stderr)")
        #expect(Self.entries(directory) == ["p.lpt", "z.lpt"])
    }

    /// `lista-train --curve c.csv` leaves no c.csv when `-o` cannot be written (failing before
    /// training) or when training fails; a successful run writes both.
    @Test func listaCurveIsCommittedWithTheOutput() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let patches = directory.appendingPathComponent("p.lpt").path
        #expect(try ToolProcess.run("patchify", [Self.camera, "--random", "200", "-o", patches]).status == 0)
        let curve = directory.appendingPathComponent("c.csv").path
        let arguments = ["--dict", Self.dictionary, "--depth", "1", "--epochs", "2", "--curve", curve]
        let unwritable = try ToolProcess.run("lista-train", arguments + [patches, "-o", "/nonexistent/e.lpt"])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("/nonexistent/e.lpt"), "\(unwritable.stderr)")
        #expect(Self.entries(directory) == ["p.lpt"])
        // Codes (256 values a row) do not fit a dictionary of 64-value atoms: fails after opening everything.
        let codes = directory.appendingPathComponent("codes.lpt").path
        #expect(try ToolProcess.run("sparse-encode", ["--dict", Self.dictionary, patches, "-o", codes]).status == 0)
        let mismatched = try ToolProcess.run("lista-train", arguments + [codes, "-o", directory.appendingPathComponent("e.lpt").path])
        #expect(mismatched.status == 1, "\(mismatched.stderr)")
        #expect(Self.entries(directory) == ["codes.lpt", "p.lpt"])
        let trained = try ToolProcess.run("lista-train", arguments + [patches, "-o", directory.appendingPathComponent("e.lpt").path])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(Self.entries(directory) == ["c.csv", "codes.lpt", "e.lpt", "p.lpt"])
        #expect(try String(contentsOfFile: curve, encoding: .utf8).hasPrefix("epoch,"))
    }

    /// A side output cannot be stdout, and `-o` into an existing file keeps that file's mode.
    @Test func sideOutputOnStdoutAndReplacedFileMode() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let patches = directory.appendingPathComponent("p.lpt").path
        #expect(try ToolProcess.run("patchify", [Self.camera, "--random", "50", "-o", patches]).status == 0)
        let dash = try ToolProcess.run("whiten", ["--save", "-", patches])
        #expect(dash.status == 2 && dash.stderr.hasPrefix("whiten: --save"), "\(dash.stderr)")
        let output = directory.appendingPathComponent("info.txt").path
        #expect(FileManager.default.createFile(atPath: output, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(try ToolProcess.run("tensor-info", [patches, "-o", output]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("frame 0"))
    }

    /// `dict-learn --save-every` checkpoints go through the same writer: each replaces `-o`
    /// whole, and no temporary is left once the run ends.
    @Test func checkpointsLeaveNoTemporaries() throws {
        let directory = try ToolProcess.temporaryDirectory()
        let patches = directory.appendingPathComponent("p.lpt").path
        #expect(try ToolProcess.run("patchify", [Self.camera, "--random", "400", "-o", patches]).status == 0)
        let result = try ToolProcess.run("dict-learn", [patches, "--atoms", "8", "--epochs", "3", "--batch-size", "40",
                                                        "--save-every", "0.5", "-o", directory.appendingPathComponent("d.lpt").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.entries(directory) == ["d.lpt", "p.lpt"])
    }
}
