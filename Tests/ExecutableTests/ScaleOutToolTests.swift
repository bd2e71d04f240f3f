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
            whiten --merge s1.lpt --save one.lpt && \
            whiten --merge --stats-only s1.lpt s2.lpt -o s12.lpt && whiten --merge s12.lpt --save tree.lpt
            """, in: directory)
        for tensor in ["mean", "matrix", "inverse"] {
            let tree = try Self.difference("tree.lpt", "merged.lpt", tensor: tensor, in: directory)
            #expect(try #require(tree["relative"]) <= 1e-12, "\(tensor): a tree reduce's inner node: \(tree)")
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
            dict-learn --merge --objective-only --init D0.lpt pa.lpt pb.lpt -o held.lpt && \
            dict-learn --merge --stats-only pa.lpt pb.lpt -o pa+b.lpt && dict-learn --merge --init D0.lpt pa+b.lpt -o D1tree.lpt
            """, in: directory)
        for tensor in ["data", "gram_of_codes", "codes_times_data"] {
            let tree = try Self.difference("D1tree.lpt", "D1.lpt", tensor: tensor, in: directory)
            #expect(try #require(tree["relative"]) <= 1e-12, "\(tensor): partials summed first (a tree reduce): \(tree)")
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

    /// The rounds a cluster driver runs (each shard's `--stats-only --shard K --round R` against
    /// the last dictionary alone, `--merge` in shard order into the state with A and B, and
    /// `--save-dict` the dictionary for the next round) give the dictionary of `dict-learn
    /// --batch-per-file` over the same files, bit for bit, through every file round trip; with
    /// a λ that leaves atoms unused, so that re-initialisations are covered too. The pooled
    /// --batch-size run of the same rows per step is another dictionary.
    @Test func clusterRoundsReproduceBatchPerFile() throws {
        let directory = try ToolProcess.temporaryDirectory()
        var rounds = ""
        for round in 0..<6 {
            rounds += (0..<3).map { "dict-learn --stats-only --init dict.lpt --batch-size 20 --round \(round) --shard \($0) --seed 5 s\($0).lpt -o p\($0).lpt && " }.joined()
            rounds += "dict-learn --merge --init state.lpt --lambda 4 --seed 5 p0.lpt p1.lpt p2.lpt -o state.lpt --save-dict dict.lpt && "
        }
        let shards = "s0.lpt s1.lpt s2.lpt"
        let report = try Self.shell("""
            patchify \(Self.camera) --random 300 --seed 1 | whiten --eps 0.1 -o s0.lpt && \
            patchify \(Self.coffee) --random 200 --seed 2 | whiten --eps 0.1 -o s1.lpt && \
            patchify \(Self.camera) --random 50 --seed 3 | whiten --eps 0.1 -o s2.lpt && \
            dict-learn --atoms 24 --steps 1 --seed 2 s0.lpt -o D0.lpt && cp D0.lpt state.lpt && cp D0.lpt dict.lpt && \
            \(rounds.replacingOccurrences(of: "--stats-only", with: "--stats-only --lambda 4")) \
            dict-learn --atoms 24 --lambda 4 --init D0.lpt --batch-per-file 20 --steps 6 --seed 5 --report \(shards) -o single.lpt && \
            cat \(shards) | dict-learn --atoms 24 --lambda 4 --init D0.lpt --batch-size 60 --steps 6 --seed 5 -o pooled.lpt
            """, in: directory)
        let stderr = report.stderr
        #expect(stderr.contains("6 steps of 60 rows") && !stderr.contains(" 0 atoms re-initialised"), "\(stderr)")
        let same = try Self.difference("single.lpt", "state.lpt", tensor: "data", in: directory)
        #expect(same["max-abs"] == 0, "\(same)")
        let moved = try Self.difference("single.lpt", "D0.lpt", tensor: "data", in: directory)
        #expect(try #require(moved["relative"]) > 1e-3, "the rounds should move the dictionary")
        let pooled = try Self.difference("pooled.lpt", "state.lpt", tensor: "data", in: directory)
        #expect(try #require(pooled["max-abs"]) > 0, "pooled minibatches are other rows")
        let sizes = try Self.shell("wc -c < state.lpt && wc -c < dict.lpt && tensor-info dict.lpt", in: directory)
        let lines = String(decoding: sizes.stdout, as: UTF8.self).split(separator: "\n")
        #expect(Int(lines[0].trimmingCharacters(in: .whitespaces))! > Int(lines[1].trimmingCharacters(in: .whitespaces))! + 24 * 64 * 4,
                "the broadcast dictionary should leave A and B out: \(lines)")
        #expect(!lines.contains { $0.contains("gram_of_codes") } && lines.contains { $0.contains("steps=6") }, "\(lines)")
        for usage in ["dict-learn --atoms 4 --batch-size 8 --batch-per-file 4 s0.lpt", "dict-learn --stats-only --init D0.lpt --batch-per-file 4 s0.lpt",
                      "dict-learn --atoms 4 --save-dict x.lpt s0.lpt", "dict-learn --stats-only --init D0.lpt --save-dict x.lpt s0.lpt"] {
            let result = try ToolProcess.shell(usage + " -o m.lpt", directory: directory)
            #expect(result.status == 2 && result.stderr.split(separator: "\n").count == 1, "\(usage): \(result.status) \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.lpt").path), "\(usage)")
        }
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
        for command in ["whiten --merge s.lpt", "whiten --merge --stats-only s.lpt --save m.lpt", "dict-learn --merge --stats-only --init p.lpt s.lpt"] {
            let usage = try ToolProcess.shell(command, directory: directory)
            #expect(usage.status == 2, "\(command): \(usage.stderr)")
        }
        // The list is stdin, so it cannot name stdin as an input: a usage error, one line, no output.
        let stdinListed = try ToolProcess.shell("printf 'p.lpt\\n-\\n' | sparse-encode --dict \(ToolProcess.sample("dct-8x8-256.lpt")) --lambda 5 --files-from - -o m.lpt", directory: directory)
        #expect(stdinListed.status == 2 && stdinListed.stderr.contains("cannot name - (stdin)") && stdinListed.stderr.split(separator: "\n").count == 1,
                "\(stdinListed.status): \(stdinListed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.lpt").path))
        let listedFromFile = try ToolProcess.shell("printf 'p.lpt\\n-\\n' > list.txt && patchify \(Self.camera) --random 10 | sparse-encode --dict \(ToolProcess.sample("dct-8x8-256.lpt")) --lambda 5 --files-from list.txt -o m.lpt", directory: directory)
        #expect(listedFromFile.status == 0, "a list from a file may name stdin: \(listedFromFile.stderr)")
    }
}
