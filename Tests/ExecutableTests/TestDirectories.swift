import Foundation

/// Where the executable tests write: one folder per test process under TMPDIR
/// (`latentpipe-tests-PID`), removed when the process exits, so no test writes into the
/// source tree and none leaves files behind. Folders of earlier runs whose process is gone
/// (a crash, a kill) are removed at the start.
enum TestDirectories {
    static let prefix = "latentpipe-tests-"

    static let root: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeStale(in: temporary)
        let url = temporary.appendingPathComponent("\(prefix)\(getpid())")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestDirectories.root) }
        return url
    }()

    /// A fresh folder for one test.
    static func make() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func removeStale(in temporary: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}
