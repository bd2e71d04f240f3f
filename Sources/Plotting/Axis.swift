#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A resolved axis: its scale, limits and ticks.
public struct Axis: Sendable, Equatable {
    public let scale: AxisScale
    /// The value at the start of the axis (left, or bottom).
    public let lower: Double
    /// The value at the end of the axis.
    public let upper: Double
    /// Ticks inside `[lower, upper]`, in increasing order.
    public let ticks: [Tick]

    public init(scale: AxisScale, lower: Double, upper: Double, ticks: [Tick]) {
        self.scale = scale
        self.lower = lower
        self.upper = upper
        self.ticks = ticks
    }

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`, beyond for values
    /// outside; linear in the value, or in its base-10 logarithm on a log axis (NaN there for
    /// values <= 0).
    public func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .log:
            guard value > 0 else { return .nan }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// True when `value` can be placed on this axis (finite, and > 0 on a log axis).
    public func accepts(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// The axis for `options` over data spanning `data` (nil when there is none), with about
    /// `target` labelled ticks along `pixelLength` pixels.
    ///
    /// Unset limits come from the loose "nice" range around the data (`Ticks.linear`, or whole
    /// decades on a log axis); set limits are kept exactly and the ticks are those inside them.
    public static func resolve(_ options: AxisOptions, name: String, data: (min: Double, max: Double)?,
                               pixelLength: Double, target: Int) throws -> Axis {
        if let low = options.min, let high = options.max, !(low < high) {
            throw PlotError.invalidLimits(axis: name, detail: "the minimum \(low) is not below the maximum \(high)")
        }
        for limit in [options.min, options.max].compactMap({ $0 }) {
            guard limit.isFinite else { throw PlotError.invalidLimits(axis: name, detail: "\(limit) is not a finite number") }
            if options.scale == .log && limit <= 0 {
                throw PlotError.invalidLimits(axis: name, detail: "\(limit) is not > 0, which a log axis needs")
            }
        }
        let fallback: (min: Double, max: Double) = options.scale == .log ? (1, 10) : (0, 1)
        var low = options.min ?? data?.min ?? fallback.min
        var high = options.max ?? data?.max ?? fallback.max
        // One limit set and the data all beyond it: an axis reaching from the limit.
        if low > high {
            if options.min != nil { high = low } else { low = high }
        }
        switch options.scale {
        case .linear:
            if high - low <= 1e-12 * max(abs(low), abs(high)) {
                let widen = low == 0 ? 1 : abs(low) * 0.1
                if options.min == nil { low -= options.max == nil ? widen : 2 * widen }
                if options.max == nil { high += options.min == nil ? widen : 2 * widen }
            }
            let loose = Ticks.linear(low, high, target: target)
            let lower = options.min ?? loose.lower, upper = options.max ?? loose.upper
            let slack = loose.step * 1e-9
            var ticks = loose.ticks.filter { $0.value >= lower - slack && $0.value <= upper + slack }
            if ticks.count < 2 {
                // Tight explicit limits: ticks of the limits' own range.
                ticks = Ticks.linear(lower, upper, target: target).ticks.filter { $0.value >= lower - slack && $0.value <= upper + slack }
            }
            return Axis(scale: .linear, lower: lower, upper: upper, ticks: ticks)
        case .log:
            if high / low < 1 + 1e-9 {
                if options.min == nil { low /= options.max == nil ? 10.0.squareRoot() : 10 }
                if options.max == nil { high *= options.min == nil ? 10.0.squareRoot() : 10 }
            }
            let loose = Ticks.logRange(low, high)
            let lower = options.min ?? loose.lower, upper = options.max ?? loose.upper
            if let ticks = Ticks.logarithmic(lower, upper, pixelLength: pixelLength, maxLabels: max(2, target + 2)) {
                return Axis(scale: .log, lower: lower, upper: upper, ticks: ticks)
            }
            // Less than a decade with no 1-2-5 pair inside: linear steps, placed logarithmically.
            let linear = Ticks.linear(lower, upper, target: target)
            let slack = linear.step * 1e-9
            let ticks = linear.ticks.filter { $0.value >= lower - slack && $0.value <= upper + slack }
            return Axis(scale: .log, lower: lower, upper: upper, ticks: ticks)
        }
    }
}
