import Testing
@testable import TensorCore
@testable import TensorStream

/// `.npy`/`.npz` against files NumPy itself wrote (see NumpyFixtures).
struct NumpyTests {
    @Test func readsNumpyArrays() throws {
        #expect(try NPY.decode(bytes(base64: NumpyFixtures.f32C)[...], source: "t")
                == Tensor(shape: [3, 2], floats: [1.5, -2, 3, 4.25, 0, 7]))
        // Fortran order: the array is arange(6).reshape(2, 3) whatever its memory order.
        #expect(try NPY.decode(bytes(base64: NumpyFixtures.f64F)[...], source: "t")
                == Tensor(shape: [2, 3], doubles: [0, 1, 2, 3, 4, 5]))
        #expect(try NPY.decode(bytes(base64: NumpyFixtures.i2BE)[...], source: "t") == Tensor(shape: [3], ints: [-3, 300, 7]))
        #expect(try NPY.decode(bytes(base64: NumpyFixtures.i8)[...], source: "t")
                == Tensor(shape: [2, 2], ints: [1, -2, 3, Int32.max]))
        #expect(try NPY.decode(bytes(base64: NumpyFixtures.u1)[...], source: "t") == Tensor(shape: [3], bytes: [0, 255, 17]))
    }

    @Test func readsNumpyArchives() throws {
        let stored = try NPZ.decode(bytes(base64: NumpyFixtures.npz), source: "t")
        #expect(stored["W"] == Tensor(shape: [2, 2], floats: [1, 0, 0, 1]))
        #expect(stored["lam"] == Tensor(shape: [], doubles: [0.5]))
        let compressed = try NPZ.decode(bytes(base64: NumpyFixtures.npzc), source: "t")
        #expect(compressed["data"] == Tensor(shape: [3, 4], floats: (0..<12).map(Float.init)))
    }

    @Test func sniffsNumpyFilesAsInput() throws {
        let frames = try decode(bytes(base64: NumpyFixtures.f32C))
        #expect(frames.count == 1 && frames[0]["data"]?.shape == [3, 2])
        #expect(try decode(bytes(base64: NumpyFixtures.npzc))[0]["data"]?.shape == [3, 4])
    }

    @Test func writesWhatItReads() throws {
        let frame = sampleFrame(rows: 4)
        for (_, tensor) in frame.tensors {
            #expect(try NPY.decode(NPY.encode(tensor)[...], source: "t") == tensor)
            // The header is padded so the data starts on a 64-byte boundary, as NumPy writes it.
            let headerLength = Int(NPY.encode(tensor)[8]) + Int(NPY.encode(tensor)[9]) << 8
            #expect((10 + headerLength) % 64 == 0)
        }
        var tensorsOnly = Frame()
        for (name, tensor) in frame.tensors { tensorsOnly[name] = tensor }
        #expect(try NPZ.decode(NPZ.encode(tensorsOnly), source: "t") == tensorsOnly)
    }

    /// Random corruption of NumPy files NumPy wrote: an error or a decode, never a crash.
    @Test func randomCorruptionNeverCrashes() {
        var generator = SeededGenerator(seed: 11)
        for fixture in [NumpyFixtures.npz, NumpyFixtures.npzc, NumpyFixtures.f64F, NumpyFixtures.i2BE] {
            let good = bytes(base64: fixture)
            for _ in 0..<400 {
                var bad = good
                for _ in 0..<(1 + generator.below(3)) { bad[generator.below(bad.count)] = UInt8(generator.below(256)) }
                if bad.starts(with: NPZ.magic) {
                    _ = try? NPZ.decode(bad, source: "t")
                } else {
                    _ = try? NPY.decode(bad[...], source: "t")
                }
            }
        }
    }

    @Test func brokenNumpyFilesAreErrors() throws {
        let good = bytes(base64: NumpyFixtures.npzc)
        for length in stride(from: 1, to: good.count, by: 7) {
            #expect(throws: StreamError.self) { _ = try NPZ.decode(Array(good.prefix(length)), source: "t") }
        }
        let npy = bytes(base64: NumpyFixtures.f32C)
        #expect(throws: StreamError.self) { _ = try NPY.decode(npy.prefix(npy.count - 1), source: "t") }
        var unsupported = npy
        let text = String(decoding: unsupported, as: UTF8.self)
        let offset = text.utf8.firstRange(of: "<f4".utf8)!.lowerBound
        let index = text.utf8.distance(from: text.utf8.startIndex, to: offset)
        unsupported[index + 1] = UInt8(ascii: "c")  // complex
        #expect(throws: StreamError.self) { _ = try NPY.decode(unsupported[...], source: "t") }
    }
}

/// Hostile `.npy`/`.npz` files: the frame's shape limits and exact integer conversions.
struct HostileNumpyTests {
    /// A version-1 `.npy` with `header` (padded) and `payload`.
    static func npy(_ header: String, _ payload: [UInt8] = []) -> [UInt8] {
        var text = header
        text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
        var out = NPY.magic + [1, 0]
        out.appendLittleEndian(UInt16(text.utf8.count))
        return out + Array(text.utf8) + payload
    }

    func failure(_ bytes: [UInt8]) -> String? {
        do { _ = try NPY.decode(bytes[...], source: "t.npy"); return nil } catch { return "\(error)" }
    }

    @Test func hugeDimensionsAreRefusedInEveryPosition() {
        for shape in ["(0, 9223372036854775807)", "(9223372036854775807, 0)", "(2, 0, 4294967297)", "(4294967296, 2)"] {
            let message = failure(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"))
            #expect(message?.contains("too large") == true, "\(shape): \(message ?? "decoded")")
        }
    }

    @Test func unsignedValuesPastInt32AreNamedUnsigned() throws {
        var payload: [UInt8] = []
        payload.appendLittleEndian(UInt64(1) << 63)
        let message = failure(Self.npy("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", payload))
        #expect(message == "t.npy: integer value 9223372036854775808 does not fit int32")
        var negative: [UInt8] = []
        negative.appendLittleEndian(Int64(-5_000_000_000))
        #expect(failure(Self.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", negative))
                == "t.npy: integer value -5000000000 does not fit int32")
    }

    @Test func compressedMembersCannotClaimMoreThanDeflateGives() throws {
        #expect(throws: StreamError.self) { _ = try Zlib.inflateRaw([0x03, 0x00][...], expectedSize: 1 << 30, source: "t.npz") }
        #expect(try Zlib.inflateRaw([0x03, 0x00][...], expectedSize: 0, source: "t.npz").isEmpty)
    }
}
