extension Arguments {
    /// A size given as `N` (square) or `HxW`, e.g. `--patch-size 8` or `--tile 12x16`.
    public func size(_ name: String) throws -> (height: Int, width: Int)? {
        guard let text = string(name) else { return nil }
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, (1...2).contains(numbers.count), numbers.allSatisfy({ (1...4096).contains($0) }) else {
            throw UsageError("--\(name) takes N or HxW with whole numbers from 1 to 4096, not '\(text)'")
        }
        return (numbers[0], numbers.last!)
    }

    /// `--seed`: any unsigned 64-bit number.
    public func seed(default fallback: UInt64 = 0) throws -> UInt64 {
        guard let text = string("seed") else { return fallback }
        guard let value = UInt64(text) else { throw UsageError("--seed takes a whole number from 0 to 2^64-1, not '\(text)'") }
        return value
    }
}

extension Option {
    /// `--seed S`, the same in every tool that makes a random choice.
    public static let seed = Option("seed", value: "S", default: "0", help: "seed for every random choice; same seed, same bytes out")
}
