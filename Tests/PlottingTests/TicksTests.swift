import Foundation
import Testing
@testable import Plotting

/// Tick placement against independent checks: steps of 1, 2 or 5 x 10^k, ticks covering the
/// range, a sensible count, powers of ten on log axes.
struct TicksTests {
    /// True when `step` is 1, 2 or 5 times a power of ten (checked through its decimal string).
    static func isNiceStep(_ step: Double) -> Bool {
        let exponent = floor(log10(step))
        let mantissa = step / pow(10, exponent)
        return [1.0, 2.0, 5.0, 10.0].contains { abs(mantissa - $0) < 1e-9 }
    }

    static let ranges: [(Double, Double)] = [
        (0, 1), (0, 100), (-3.7, 12.2), (0.001, 0.0047), (1e6, 7.3e6), (-250, -249.2), (0.1, 0.97),
        (17, 18), (-1e-5, 3e-5), (3, 1000), (42, 43.5), (0, 0.3), (-1, 1), (123456, 123470),
    ]

    @Test(arguments: ranges)
    func linearTicksAreNiceAndCoverTheRange(low: Double, high: Double) {
        let result = Ticks.linear(low, high, target: 5)
        let values = result.ticks.map(\.value)
        #expect((3...10).contains(values.count), "\(values.count) ticks for [\(low), \(high)]: \(values)")
        #expect(values.first! <= low + 1e-12 * abs(low) && values.last! >= high - 1e-12 * abs(high), "\(values) do not cover [\(low), \(high)]")
        #expect(result.lower == values.first! && result.upper == values.last!)
        let steps = zip(values.dropFirst(), values).map { $0 - $1 }
        for step in steps {
            #expect(abs(step - steps[0]) <= 1e-9 * steps[0], "uneven steps \(steps)")
            #expect(Self.isNiceStep(step), "step \(step) is not 1, 2 or 5 x 10^k")
        }
        // Every tick is a whole multiple of the step, and the loose range is the tightest such cover.
        for v in values { #expect(abs(v / steps[0] - (v / steps[0]).rounded()) < 1e-6) }
        #expect(values.first! > low - steps[0] && values.last! < high + steps[0])
        // Labels read back as the tick values, all with the same number of fraction digits.
        for tick in result.ticks { #expect(abs(Double(tick.label!)! - tick.value) <= 1e-9 * max(1, abs(tick.value))) }
        if !result.ticks.contains(where: { $0.label!.contains("e") }) {
            let fractionDigits = Set(result.ticks.map { $0.label!.split(separator: ".").dropFirst().first?.count ?? 0 })
            #expect(fractionDigits.count == 1, "labels \(result.ticks.map(\.label!))")
        }
    }

    @Test func knownLinearCases() {
        #expect(Ticks.linear(0, 1).ticks.map(\.label!) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.linear(0, 100).ticks.map(\.value) == [0, 20, 40, 60, 80, 100])
        #expect(Ticks.linear(-3.7, 12.2).ticks.map(\.label!) == ["-5", "0", "5", "10", "15"])
        #expect(Ticks.linear(1e6, 7.3e6).ticks.map(\.label!) == ["0", "2e6", "4e6", "6e6", "8e6"])
        // 0.1 + 0.2 is not 0.3 in binary, but the label is.
        #expect(Ticks.linear(0, 0.3, target: 5).ticks.map(\.label!) == ["0.0", "0.1", "0.2", "0.3"])
    }

    @Test(arguments: [0.0, 5.0, -2.5, 1e-9, 7e12])
    func degenerateRangeStillMakesAnAxis(value: Double) throws {
        let result = Ticks.linear(value, value)
        #expect(result.lower < value && result.upper > value)
        #expect(result.ticks.count >= 2)
        let axis = try Axis.resolve(AxisOptions(), name: "y", data: (value, value), pixelLength: 400, target: 5)
        #expect(axis.lower < value && axis.upper > value && axis.ticks.count >= 2)
        #expect(abs(axis.fraction(value) - 0.5) < 0.25, "a constant sits near the middle")
        if value > 0 {
            let log = try Axis.resolve(AxisOptions(scale: .log), name: "y", data: (value, value), pixelLength: 400, target: 5)
            #expect(log.lower < value && log.upper > value && log.ticks.filter { $0.label != nil }.count >= 2)
        }
    }

    @Test func logTicksArePowersOfTenInTheRange() throws {
        for (low, high) in [(1.0, 100.0), (0.003, 47.0), (1e-7, 1e3), (2e-3, 5e5)] {
            let axis = try Axis.resolve(AxisOptions(scale: .log), name: "x", data: (low, high), pixelLength: 600, target: 6)
            // Loose range: whole decades around the data.
            let expectedLower = pow(10, floor(log10(low) + 1e-12)), expectedUpper = pow(10, ceil(log10(high) - 1e-12))
            #expect(abs(axis.lower / expectedLower - 1) < 1e-12 && abs(axis.upper / expectedUpper - 1) < 1e-12)
            let majors = axis.ticks.filter(\.isMajor).map(\.value)
            let decades = Int(round(log10(expectedLower)))...Int(round(log10(expectedUpper)))
            #expect(majors.count == decades.count)
            for (value, k) in zip(majors, decades) { #expect(abs(value / pow(10, Double(k)) - 1) < 1e-12) }
            for tick in axis.ticks where !tick.isMajor {
                let mantissa = tick.value / pow(10, floor(log10(tick.value) + 1e-12))
                #expect(abs(mantissa - 2) < 1e-9 || abs(mantissa - 5) < 1e-9, "minor tick \(tick.value)")
            }
        }
        let labels = try Axis.resolve(AxisOptions(scale: .log), name: "y", data: (1, 100), pixelLength: 400, target: 5).ticks.compactMap(\.label)
        #expect(labels == ["1", "10", "100"])
    }

    @Test func manyDecadesAreLabelledSparselyAndShortSpansGetMinorLabels() throws {
        let wide = try #require(Ticks.logarithmic(1e-20, 1e20, pixelLength: 300, maxLabels: 6))
        #expect(wide.filter(\.isMajor).count == 41)
        #expect((2...6).contains(wide.filter { $0.label != nil }.count))
        #expect(wide.allSatisfy { $0.isMajor }, "no minor ticks at 7.5 pixels per decade")
        // Inside one decade the 2 and 5 ticks carry the labels.
        let narrow = try #require(Ticks.logarithmic(1.5, 9, pixelLength: 300))
        #expect(narrow.compactMap(\.label) == ["2", "5"])
        // Too narrow even for that: linear ticks placed on the log axis.
        let tight = try Axis.resolve(AxisOptions(scale: .log, min: 3, max: 4.5), name: "y", data: (3, 4), pixelLength: 300, target: 5)
        #expect(tight.ticks.count >= 2 && tight.ticks.allSatisfy { $0.value >= 3 && $0.value <= 4.5 })
    }

    @Test func explicitLimitsAreKept() throws {
        let axis = try Axis.resolve(AxisOptions(min: -0.5, max: 2.5), name: "y", data: (0, 1), pixelLength: 400, target: 5)
        #expect(axis.lower == -0.5 && axis.upper == 2.5)
        #expect(axis.ticks.allSatisfy { $0.value >= -0.5 && $0.value <= 2.5 } && axis.ticks.count >= 3)
        #expect(throws: PlotError.self) { try Axis.resolve(AxisOptions(min: 2, max: 1), name: "x", data: nil, pixelLength: 100, target: 5) }
        #expect(throws: PlotError.self) { try Axis.resolve(AxisOptions(scale: .log, min: 0), name: "x", data: (1, 2), pixelLength: 100, target: 5) }
        // Only a lower limit, with all data below it: the axis still has a positive length.
        let above = try Axis.resolve(AxisOptions(min: 10), name: "y", data: (1, 2), pixelLength: 400, target: 5)
        #expect(above.lower == 10 && above.upper > 10)
    }

    @Test func labelFormatting() {
        #expect(Ticks.decimalLabel(15, -1) == "1.5")
        #expect(Ticks.decimalLabel(-5, -2) == "-0.05")
        #expect(Ticks.decimalLabel(0, -2) == "0.00")
        #expect(Ticks.decimalLabel(3, 2) == "300")
        #expect(Ticks.scientificLabel(25, -8) == "2.5e-7")
        #expect(Ticks.scientificLabel(-40, 5) == "-4e6")
        #expect(Ticks.logLabel(1, -4) == "0.0001" && Ticks.logLabel(1, 6) == "1e6" && Ticks.logLabel(5, -7) == "5e-7")
    }
}
