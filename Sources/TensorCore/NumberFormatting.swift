#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `printf`-style formatting of one number without Foundation, e.g. `format(0.5, "%.3f")`.
public func format(_ value: Double, _ specifier: String = "%.6g") -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, specifier, $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A byte count for people: `1.5 MiB`.
public func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
    return unit == 0 ? "\(bytes) B" : format(value, "%.1f") + " " + units[unit]
}
