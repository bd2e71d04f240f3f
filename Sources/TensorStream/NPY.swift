import TensorCore

/// NumPy's `.npy` format (versions 1–3): a magic, a Python-literal header, raw elements.
/// Reads f2-free numeric dtypes of either byte order and Fortran order, converting to
/// our four dtypes; writes version 1 little-endian C order.
public enum NPY {
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Encodes one tensor as a `.npy` file's bytes.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let descr: String
        switch tensor.dtype {
        case .f32: descr = "<f4"
        case .f64: descr = "<f8"
        case .i32: descr = "<i4"
        case .u8: descr = "|u1"
        }
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)"
            : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = magic + [1, 0]
        out.appendLittleEndian(UInt16(header.utf8.count))
        out += Array(header.utf8)
        tensor.storage.withUnsafeBytes { out += $0 }
        return out
    }

    /// Decodes a `.npy` file's bytes.
    public static func decode(_ bytes: ArraySlice<UInt8>, source: String) throws -> Tensor {
        func bad(_ detail: String) -> StreamError { .badNumpy(source: source, detail: detail) }
        var cursor = ByteCursor(bytes: Array(bytes))
        guard cursor.bytes(6).map(Array.init) == magic, let major = cursor.uint8(), cursor.uint8() != nil else {
            throw bad("not a .npy file")
        }
        let headerLength: Int
        switch major {
        case 1: guard let n = cursor.uint16() else { throw bad("truncated .npy header") }; headerLength = Int(n)
        case 2, 3: guard let n = cursor.uint32() else { throw bad("truncated .npy header") }; headerLength = Int(n)
        default: throw bad(".npy version \(major) is not supported")
        }
        guard let headerBytes = cursor.bytes(headerLength),
              let header = String(validating: headerBytes, as: UTF8.self) else {
            throw bad("truncated .npy header")
        }
        guard let descr = quotedValue(of: "descr", in: header) else { throw bad(".npy header has no 'descr' (structured arrays are not supported)") }
        let fortran = header.contains("'fortran_order': True")
        guard let shape = shapeValue(in: header) else { throw bad(".npy header has no readable 'shape'") }
        guard let element = NumpyElement(descr: descr) else {
            throw bad(".npy dtype '\(descr)' is not supported (use float32, float64, int32 or uint8)")
        }
        guard shape.count <= FrameFormat.maxRank else {
            throw bad(".npy array has \(shape.count) dimensions (at most \(FrameFormat.maxRank))")
        }
        // The frame limits, each dimension on its own, so a zero cannot hide an absurd one.
        if case .failure(let error) = FrameFormat.byteCount(shape: shape.map(UInt64.init), elementSize: element.size) {
            throw bad(".npy array is too large: \(error.detail)")
        }
        let count = shape.reduce(1, *)
        let payload = bytes.dropFirst(cursor.position)
        guard payload.count >= count * element.size else {
            throw bad("truncated .npy data: \(payload.count) of \(count * element.size) bytes")
        }
        var tensor = try element.convert(payload.prefix(count * element.size), count: count, shape: shape, source: source)
        if fortran && shape.count > 1 { tensor = fortranToC(tensor) }
        return tensor
    }

    private static func quotedValue(of key: String, in header: String) -> String? {
        guard let keyRange = header.firstRange(of: "'\(key)'") else { return nil }
        let rest = header[keyRange.upperBound...].drop { $0 == ":" || $0 == " " }
        guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
        let body = rest.dropFirst()
        guard let close = body.firstIndex(of: quote) else { return nil }
        return String(body[..<close])
    }

    private static func shapeValue(in header: String) -> [Int]? {
        guard let keyRange = header.firstRange(of: "'shape'") else { return nil }
        let rest = header[keyRange.upperBound...]
        guard let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")"), open < close else { return nil }
        let items = rest[rest.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: " L") }
        var shape: [Int] = []
        for item in items where !item.isEmpty {
            guard let d = Int(item), d >= 0 else { return nil }
            shape.append(d)
        }
        return shape
    }

    /// Reorders a Fortran-order (column-major) tensor's elements into C order.
    static func fortranToC(_ tensor: Tensor) -> Tensor {
        let shape = tensor.shape
        let count = tensor.count
        var strides = [Int](repeating: 1, count: shape.count)
        for k in 1..<shape.count { strides[k] = strides[k - 1] * shape[k - 1] }
        var order = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<count {
            var f = 0
            for k in 0..<shape.count { f += index[k] * strides[k] }
            order[c] = f
            var k = shape.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        func gather<T>(_ v: [T]) -> [T] { order.map { v[$0] } }
        switch tensor.storage {
        case .f32(let v): return Tensor(shape: shape, floats: gather(v))
        case .f64(let v): return Tensor(shape: shape, doubles: gather(v))
        case .i32(let v): return Tensor(shape: shape, ints: gather(v))
        case .u8(let v): return Tensor(shape: shape, bytes: gather(v))
        }
    }
}

/// A NumPy element type we can read, and how to turn it into one of ours.
struct NumpyElement {
    enum Kind { case float, signed, unsigned, bool }
    let kind: Kind
    let size: Int
    let bigEndian: Bool

    init?(descr: String) {
        guard descr.count >= 3 else { return nil }
        let order = descr.first!
        guard "<>|=".contains(order), let size = Int(descr.dropFirst(2)) else { return nil }
        bigEndian = order == ">"
        self.size = size
        switch descr.dropFirst().first! {
        case "f" where size == 4 || size == 8: kind = .float
        case "i" where [1, 2, 4, 8].contains(size): kind = .signed
        case "u" where [1, 2, 4, 8].contains(size): kind = .unsigned
        case "b" where size == 1: kind = .bool
        default: return nil
        }
    }

    func convert(_ bytes: ArraySlice<UInt8>, count: Int, shape: [Int], source: String) throws -> Tensor {
        var raw = Array(bytes)
        if bigEndian && size > 1 {
            for e in 0..<count { raw[(e * size)..<((e + 1) * size)].reverse() }
        }
        func load<T>(_: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                raw.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                initialized = count
            }
        }
        switch (kind, size) {
        case (.float, 4): return Tensor(shape: shape, floats: load(Float.self))
        case (.float, 8): return Tensor(shape: shape, doubles: load(Double.self))
        case (.unsigned, 1), (.bool, 1): return Tensor(shape: shape, bytes: raw)
        case (.signed, 4): return Tensor(shape: shape, ints: load(Int32.self))
        default:
            // Other integer widths become i32 when every value fits.
            var ints = [Int32](repeating: 0, count: count)
            for e in 0..<count {
                var bits: UInt64 = 0
                for b in 0..<size { bits |= UInt64(raw[e * size + b]) << (8 * b) }
                let shift = UInt64(64 - 8 * size)
                let signed = Int64(bitPattern: bits << shift) >> shift
                guard let narrow = kind == .signed ? Int32(exactly: signed) : Int32(exactly: bits) else {
                    let value = kind == .signed ? String(signed) : String(bits)
                    throw StreamError.badNumpy(source: source, detail: "integer value \(value) does not fit int32")
                }
                ints[e] = narrow
            }
            return Tensor(shape: shape, ints: ints)
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
