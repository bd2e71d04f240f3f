import Foundation
import Testing
@testable import ToolSupport

@Suite(.serialized)
struct OutputTargetTests {
    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func commitRenamesIntoPlace() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.bin").path
        let target = try OutputTarget.file(path)
        // Opened at once: the temporary exists before anything is written.
        let names = try entries(folder)
        #expect(names.count == 1 && names[0].hasPrefix(".out.bin.tmp-\(getpid())-"), "\(names)")
        try target.sink().write([1, 2, 3])
        #expect(!FileManager.default.fileExists(atPath: path))
        try target.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([1, 2, 3]))
        #expect(try entries(folder) == ["out.bin"])
    }

    @Test func discardLeavesNothingAndKeepsTheOldFile() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.bin").path
        try Data([9]).write(to: URL(fileURLWithPath: path))
        let target = try OutputTarget.file(path)
        try target.sink().write([1, 2, 3])
        target.discard()
        #expect(try entries(folder) == ["out.bin"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([9]))
    }

    /// Two writers of one path get different temporaries (O_EXCL, a random suffix); the last
    /// commit wins, whole.
    @Test func temporariesAreUnique() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.bin").path
        let first = try OutputTarget.file(path), second = try OutputTarget.file(path)
        #expect(try entries(folder).count == 2)
        try first.sink().write([1])
        try second.sink().write([2, 2])
        try first.commit()
        try second.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([2, 2]))
        #expect(try entries(folder) == ["out.bin"])
    }

    /// `finish` writes everything out but renames nothing; `commit` then only renames.
    @Test func finishThenCommit() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.bin").path
        let target = try OutputTarget.file(path)
        try target.sink().write([4, 5])
        try target.finish()
        #expect(target.isFinished && !FileManager.default.fileExists(atPath: path))
        #expect(throws: (any Error).self) { try target.sink() }
        try target.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([4, 5]))
    }

    /// Writing through a symbolic link replaces the file it points to and keeps the link.
    @Test func symbolicLinkIsFollowed() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("run-7.bin"), link = folder.appendingPathComponent("latest.bin")
        try Data([1]).write(to: real)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let target = try OutputTarget.file(link.path)
        try target.sink().write([7, 7])
        try target.commit()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try Data(contentsOf: real) == Data([7, 7]))
        #expect(try entries(folder) == ["latest.bin", "run-7.bin"])
    }

    /// A read-only file is refused as `> FILE` would refuse it (unless running as root, who
    /// may write it either way); a long name still gets a temporary.
    @Test func readOnlyFileAndLongName() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let locked = folder.appendingPathComponent("locked.bin").path
        #expect(FileManager.default.createFile(atPath: locked, contents: Data([1]), attributes: [.posixPermissions: 0o444]))
        if geteuid() != 0 {
            #expect(throws: (any Error).self) { _ = try OutputTarget.file(locked) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: locked)) == Data([1]))
        }
        let long = folder.appendingPathComponent(String(repeating: "é", count: 120)).path
        let target = try OutputTarget.file(long)
        try target.sink().write([3])
        try target.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: long)) == Data([3]))
    }

    @Test func devicesAreWrittenInPlace() throws {
        let target = try OutputTarget.file("/dev/null")
        try target.sink().write([1, 2, 3])
        try target.commit()
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func fullDeviceFailsOnFlush() throws {
        let target = try OutputTarget.file("/dev/full")
        try target.sink().write([1, 2, 3])
        #expect(throws: (any Error).self) { try target.commit() }
    }

    @Test func missingDirectoryFailsWhenOpened() throws {
        #expect(throws: (any Error).self) { _ = try OutputTarget.file("/no/such/dir/out.bin") }
        #expect(throws: (any Error).self) { _ = try OutputTarget.file("/tmp/") }
    }

    /// The signal handler's table: registered paths are removed, forgotten ones are not.
    @Test func registeredTemporariesAreRemovedBySignalCleanup() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let kept = try OutputTarget.file(folder.appendingPathComponent("kept.bin").path)
        try kept.commit()
        let pending = try OutputTarget.file(folder.appendingPathComponent("pending.bin").path)
        #expect(try entries(folder).count == 2)
        TemporaryFiles.removeAllFromSignalHandler()
        #expect(try entries(folder) == ["kept.bin"])
        pending.discard()
    }
}
