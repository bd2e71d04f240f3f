import Foundation
import Testing

/// The map-reduce pieces of the tools (issue 16): partial statistics and their merge give the
/// single-machine model; `--files-from` lists inputs; bad partials fail with their name.
struct ScaleOutToolTests {
    static let camera = ToolProcess.sample("camera.png")
    static let coffee = ToolProcess.sample("coffee.png")

    /// Runs `command` in `directory` and requires it to succeed.
    @discardableResult
    static func shell(_ command: String, in directory: URL) throws -> ToolProcess.Result {
        let result = try ToolProcess.shell(command, directory: directory)
        #expect(result.status == 0, "\(command): \(result.stderr)")
        return result
    }

    /// The `key: value` numbers of tensor-diff's report.
    static func difference(_ a: String, _ b: String, tensor: String, in directory: URL) throws -> [String: Double] {
        let result = try shell("tensor-diff --tensor \(tensor) \(a) \(b)", in: directory)
        return DictLearnTests.numbers(String(decoding: result.stdout, as: UTF8.self))
    }

    /// Three uneven shards (split where the accumulator's batches do not fall) merge into the
    /// model of one fit on their concatenation: within 1e-5 relative, and not trivially (a
    /// model from one shard alone differs).
    @Test func mergedWhiteningStatisticsGiveTheSingleFit() throws {
        let directory = try ToolProcess.temporaryDirectory()
        try Self.shell("""
            patchify \(Self.camera) --random 1500 --seed 2 --batch-size 700 -o a.lpt && \
            patchify \(Self.coffee) --random 1500 --seed 3 --batch-size 333 -o b.lpt && \
            cat a.lpt b.lpt > ab.lpt && \
            whiten --stats-only a.lpt -o s1.lpt && whiten --stats-only b.lpt -o s2.lpt && \
            whiten --merge s1.lpt s2.lpt --save merged.lpt && whiten ab.lpt --save single.lpt > /dev/null && \
            whiten --merge s1.lpt --save one.lpt
            """, in: directory)
        for tensor in ["mean", "matrix", "inverse"] {
            let merged = try Self.difference("merged.lpt", "single.lpt", tensor: tensor, in: directory)
            #expect(try #require(merged["relative"]) <= 1e-10, "\(tensor): relative squared error \(merged)")
            let alone = try Self.difference("one.lpt", "single.lpt", tensor: tensor, in: directory)
            #expect(try #require(alone["relative"]) > 1e-4, "\(tensor): one shard alone should differ")
        }
    }

    /// A dict-learn round over two shards equals the round over their concatenation (codes are
    /// per row; only the sums' order differs); the held-out objective merges to the mean energy.
    @Test func dictionaryRoundsMergeAcrossShards() throws {
        let directory = try ToolProcess.temporaryDirectory()
        try Self.shell("""
            patchify \(Self.camera) --random 400 --seed 5 | whiten --eps 0.1 -o a.lpt && \
            patchify \(Self.coffee) --random 300 --seed 5 | whiten --eps 0.1 -o b.lpt && cat a.lpt b.lpt > ab.lpt && \
            dict-learn --atoms 16 --steps 1 --seed 1 ab.lpt -o D0.lpt && \
            dict-learn --stats-only --init D0.lpt a.lpt -o pa.lpt && dict-learn --stats-only --init D0.lpt b.lpt -o pb.lpt && \
            dict-learn --stats-only --init D0.lpt ab.lpt -o pab.lpt && \
            dict-learn --merge --init D0.lpt pa.lpt pb.lpt -o D1.lpt && dict-learn --merge --init D0.lpt pab.lpt -o D1single.lpt && \
            dict-learn --merge --init D1.lpt pa.lpt pb.lpt -o D2.lpt && \
            dict-learn --merge --objective-only --init D0.lpt pa.lpt pb.lpt -o held.lpt
            """, in: directory)
        for tensor in ["data", "gram_of_codes", "codes_times_data"] {
            let split = try Self.difference("D1.lpt", "D1single.lpt", tensor: tensor, in: directory)
            #expect(try #require(split["relative"]) <= 1e-10, "\(tensor): \(split)")
        }
        let moved = try Self.difference("D1.lpt", "D0.lpt", tensor: "data", in: directory)
        #expect(try #require(moved["relative"]) > 1e-3, "a round should move the dictionary")
        let info = try Self.shell("tensor-info D2.lpt held.lpt", in: directory)
        let text = String(decoding: info.stdout, as: UTF8.self)
        #expect(text.contains("steps=2"), "the second round resumes the first's state: \(text)")
        #expect(text.contains("objective_rows=held-out 700 rows"), "\(text)")
    }

    /// --files-from gives patchify and sparse-encode the same inputs as arguments do.
    @Test func filesFromListsTheInputs() throws {
        let directory = try ToolProcess.temporaryDirectory()
        try Self.shell("""
            printf '%s\\n\\n%s\\n' \(Self.camera) \(Self.coffee) > images.txt && \
            patchify \(Self.camera) \(Self.coffee) --random 50 --seed 1 -o args.lpt && \
            patchify --files-from images.txt --random 50 --seed 1 -o listed.lpt && cmp args.lpt listed.lpt && \
            patchify \(Self.camera) --random 30 -o x.lpt && patchify \(Self.coffee) --random 30 -o y.lpt && \
            printf 'x.lpt\\ny.lpt\\n' | sparse-encode --dict \(ToolProcess.sample("dct-8x8-256.lpt")) --lambda 5 --files-from - -o codes1.lpt && \
            sparse-encode --dict \(ToolProcess.sample("dct-8x8-256.lpt")) --lambda 5 x.lpt y.lpt -o codes2.lpt && cmp codes1.lpt codes2.lpt
            """, in: directory)
    }

    /// Bad partials and lists fail with one line naming the file, exit 1, and no output.
    @Test func badPartialsFailWithTheirName() throws {
        let directory = try ToolProcess.temporaryDirectory()
        try Self.shell("patchify \(Self.camera) --random 100 -o p.lpt && whiten --stats-only p.lpt -o s.lpt && : > empty.txt", in: directory)
        for (command, expected) in [
            ("whiten --merge s.lpt p.lpt --save m.lpt", "p.lpt: not whitening statistics"),
            ("dict-learn --merge --init \(ToolProcess.sample("dct-8x8-256.lpt")) s.lpt -o m.lpt", "s.lpt: not dictionary statistics"),
            ("patchify --files-from missing.txt -o m.lpt", "missing.txt"),
            ("patchify --files-from empty.txt -o m.lpt", "empty.txt: the --files-from list names no path"),
        ] {
            let result = try ToolProcess.shell(command, directory: directory)
            #expect(result.status == 1 && !result.signalled, "\(command): status \(result.status)")
            #expect(result.stderr.contains(expected) && result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.lpt").path), "\(command)")
        }
        let usage = try ToolProcess.shell("whiten --merge s.lpt", directory: directory)
        #expect(usage.status == 2, "\(usage.stderr)")
    }
}
