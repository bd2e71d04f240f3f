import Foundation
import Testing
@testable import ToolSupport

struct OutputTargetTests {
    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func commitRenamesIntoPlace() throws {
        let folder = try directory()
        let path = folder.appendingPathComponent("out.bin").path
        let target = try OutputTarget.file(path)
        try target.sink().write([1, 2, 3])
        // Until committed, only a hidden temporary exists.
        #expect(!FileManager.default.fileExists(atPath: path))
        try target.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([1, 2, 3]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.bin"])
    }

    @Test func discardLeavesNothing() throws {
        let folder = try directory()
        let target = try OutputTarget.file(folder.appendingPathComponent("out.bin").path)
        try target.sink().write([1, 2, 3])
        target.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func devicesAreWrittenInPlace() throws {
        let target = try OutputTarget.file("/dev/null")
        try target.sink().write([1, 2, 3])
        try target.commit()
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func missingDirectoryIsAnError() throws {
        let target = try OutputTarget.file("/no/such/dir/out.bin")
        #expect(throws: (any Error).self) { try target.sink() }
    }
}
