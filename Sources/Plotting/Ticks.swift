#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One tick on an axis: a position, its label (nil for an unlabelled tick) and whether it is a
/// major tick (drawn longer, with a darker grid line).
public struct Tick: Sendable, Equatable {
    public var value: Double
    public var label: String?
    public var isMajor: Bool

    public init(value: Double, label: String?, isMajor: Bool = true) {
        self.value = value
        self.label = label
        self.isMajor = isMajor
    }
}

/// Tick placement: "nice" linear ticks by Heckbert's loose labelling (Graphics Gems, 1990),
/// and logarithmic ticks at the powers of ten.
public enum Ticks {
    /// Linear ticks for the loose range around `[low, high]`: a step of 1, 2 or 5 x 10^k,
    /// about `target` ticks, the first at or below `low` and the last at or above `high` (the
    /// "loose" range, returned as `lower`/`upper`). Labels are exact decimals with the same
    /// number of fraction digits, or `2.5e-7` style past 10^6 or below 10^-4.
    ///
    /// A degenerate range (`low == high`, or too narrow to resolve against its magnitude) is
    /// widened first by 10% of the value on each side (by 1 around zero).
    public static func linear(_ low: Double, _ high: Double, target: Int = 5) -> (lower: Double, upper: Double, step: Double, ticks: [Tick]) {
        var (low, high) = (min(low, high), max(low, high))
        guard low.isFinite, high.isFinite else { return (low, high, 0, []) }
        if high - low <= 1e-12 * max(abs(low), abs(high)) || high == low {
            let middle = (low + high) / 2
            let widen = middle == 0 ? 1 : abs(middle) * 0.1
            (low, high) = (middle - widen, middle + widen)
        }
        let span = high - low
        // Spans beyond what decimal steps can express are labelled at the ends only.
        guard span.isFinite, span > 1e-290, span < 1e290 else {
            return (low, high, span, [Tick(value: low, label: String(low)), Tick(value: high, label: String(high))])
        }
        let range = nice(span, round: false)
        let step = nice(value(range.mantissa, range.exponent) / Double(max(1, target - 1)), round: true)
        let size = value(step.mantissa, step.exponent)
        let first = snapped(low / size).rounded(.down), last = snapped(high / size).rounded(.up)
        guard abs(first) < 1e14, abs(last) < 1e14 else {
            return (low, high, size, [Tick(value: low, label: String(low)), Tick(value: high, label: String(high))])
        }
        let mantissas = (Int(first)...Int(last)).map { $0 * step.mantissa }
        let largest = mantissas.map { abs(value($0, step.exponent)) }.max() ?? 0
        let scientific = largest >= 1e6 || step.exponent <= -5
        let ticks = mantissas.map { m in
            Tick(value: value(m, step.exponent),
                 label: scientific ? scientificLabel(m, step.exponent) : decimalLabel(m, step.exponent))
        }
        return (ticks.first!.value, ticks.last!.value, size, ticks)
    }

    /// Heckbert's nice number near `x > 0`: 1, 2 or 5 x 10^exponent (10 becomes 1 x 10^(k+1)),
    /// rounded to the nearest (`round`) or the next at or above `x`.
    public static func nice(_ x: Double, round: Bool) -> (mantissa: Int, exponent: Int) {
        var exponent = Int(snapped(log10(x)).rounded(.down))
        let fraction = x / value(1, exponent)
        let mantissa: Int
        if round {
            mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            mantissa = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        if mantissa == 10 { exponent += 1; return (1, exponent) }
        return (mantissa, exponent)
    }

    /// The loose logarithmic range around `[low, high]` (both > 0): from the power of ten at or
    /// below `low` to the one at or above `high`. Equal ends are widened to the decades around
    /// them (a power of ten `v` becomes `[v/10, 10v]`).
    public static func logRange(_ low: Double, _ high: Double) -> (lower: Double, upper: Double) {
        var a = snapped(log10(min(low, high))), b = snapped(log10(max(low, high)))
        if b - a < 1e-9 { a -= 0.5; b += 0.5 }
        return (powerOfTen(Int(a.rounded(.down))), powerOfTen(Int(b.rounded(.up))))
    }

    /// Logarithmic ticks over `[low, high]` (both > 0): major ticks at the powers of ten inside
    /// the range, labelled (every n-th decade when there are more than `maxLabels`); minor
    /// ticks at 2 and 5 x 10^k when a decade spans at least 40 of `pixelLength` pixels. With
    /// fewer than two powers of ten inside, the 2 and 5 ticks are labelled too; nil when that
    /// still gives fewer than two labels (the caller then uses linear ticks).
    public static func logarithmic(_ low: Double, _ high: Double, pixelLength: Double, maxLabels: Int = 8) -> [Tick]? {
        guard low > 0, high > low, low.isFinite, high.isFinite else { return nil }
        let a = log10(low), b = log10(high)
        let firstDecade = Int(snapped(a).rounded(.up)), lastDecade = Int(snapped(b).rounded(.down))
        let decades = b - a
        let majors = firstDecade <= lastDecade ? Array(firstDecade...lastDecade) : []
        let every = max(1, (majors.count + max(1, maxLabels) - 1) / max(1, maxLabels))
        var ticks = majors.map { k in
            Tick(value: powerOfTen(k), label: ((k % every) + every) % every == 0 ? logLabel(1, k) : nil)
        }
        let labelMinors = majors.count < 2
        if pixelLength / decades >= 40 || labelMinors {
            let lowest = Int(a.rounded(.down)) - 1, highest = Int(b.rounded(.up))
            for k in lowest...highest {
                for m in [2, 5] {
                    let v = Double(m) * powerOfTen(k)
                    guard v >= low * (1 - 1e-12), v <= high * (1 + 1e-12) else { continue }
                    ticks.append(Tick(value: v, label: labelMinors ? logLabel(m, k) : nil, isMajor: labelMinors))
                }
            }
            ticks.sort { $0.value < $1.value }
        }
        guard ticks.filter({ $0.label != nil }).count >= 2 else { return nil }
        return ticks
    }

    /// 10^k, the double nearest to it.
    public static func powerOfTen(_ k: Int) -> Double {
        Double("1e\(k)") ?? (k < 0 ? 0 : .infinity)
    }

    /// `mantissa x 10^exponent`, computed so that negative exponents divide by an exact power of ten.
    static func value(_ mantissa: Int, _ exponent: Int) -> Double {
        exponent >= 0 ? Double(mantissa) * powerOfTen(exponent) : Double(mantissa) / powerOfTen(-exponent)
    }

    /// `x` rounded to the nearest whole number when within 1e-9 of it (undoing the error in
    /// `log10(1000)` and `0.3 / 0.1`).
    static func snapped(_ x: Double) -> Double {
        let whole = x.rounded()
        return abs(x - whole) < 1e-9 ? whole : x
    }

    /// `mantissa x 10^exponent` in plain decimal with `max(0, -exponent)` fraction digits.
    static func decimalLabel(_ mantissa: Int, _ exponent: Int) -> String {
        let sign = mantissa < 0 ? "-" : ""
        var digits = String(mantissa.magnitude)
        if exponent >= 0 {
            return sign + (mantissa == 0 ? "0" : digits + String(repeating: "0", count: exponent))
        }
        let fraction = -exponent
        if digits.count <= fraction { digits = String(repeating: "0", count: fraction - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -fraction)
        return (mantissa == 0 ? "" : sign) + digits[..<split] + "." + digits[split...]
    }

    /// `mantissa x 10^exponent` as `2.5e-7` (`0` for zero).
    static func scientificLabel(_ mantissa: Int, _ exponent: Int) -> String {
        guard mantissa != 0 else { return "0" }
        var m = mantissa.magnitude, e = exponent
        while m % 10 == 0 { m /= 10; e += 1 }
        let digits = String(m)
        let power = e + digits.count - 1
        let body = digits.count == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        return (mantissa < 0 ? "-" : "") + body + "e\(power)"
    }

    /// `m x 10^k` for a logarithmic axis: plain decimal from 10^-4 to 10^5, else `2e6`.
    static func logLabel(_ m: Int, _ k: Int) -> String {
        (-4...5).contains(k) ? decimalLabel(m, k) : scientificLabel(m, k)
    }
}
