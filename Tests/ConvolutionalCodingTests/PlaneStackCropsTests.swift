import ConvolutionalCoding
import TensorCore
import Testing

@Suite struct PlaneStackCropsTests {
    /// A 2-plane 11x9 stack whose value encodes its own place, so a crop's origin can be read back.
    static let stack = PlaneStack(planes: 2, height: 11, width: 9,
                                  values: (0..<(2 * 11 * 9)).map { Float($0) })

    @Test func cropsAreDisjointGridCellsHoldingTheImagesValues() {
        var generator = SeededGenerator(seed: 7)
        let crops = Self.stack.shuffledCrops(size: 4, generator: &generator)
        // 11 rows hold two crops of 4 and 9 columns two: four crops, whatever the offset.
        #expect(crops.count == 4)
        var origins = Set<[Int]>()
        for crop in crops {
            #expect(crop.planes == 2 && crop.height == 4 && crop.width == 4)
            let first = Int(crop.values[0])
            let (y, x) = (first / 9, first % 9)
            origins.insert([y, x])
            // Every value is the stack's value at the same place relative to the origin.
            for p in 0..<2 { for dy in 0..<4 { for dx in 0..<4 {
                #expect(crop.values[(p * 4 + dy) * 4 + dx] == Float((p * 11 + y + dy) * 9 + x + dx))
            } } }
        }
        // One grid: two row origins 4 apart, two column origins 4 apart.
        let rows = Set(origins.map { $0[0] }).sorted(), columns = Set(origins.map { $0[1] }).sorted()
        #expect(rows.count == 2 && rows[1] - rows[0] == 4 && columns.count == 2 && columns[1] - columns[0] == 4)
    }

    @Test func sameSeedSameCropsAndSmallStacksStayWhole() {
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        #expect(Self.stack.shuffledCrops(size: 3, generator: &a) == Self.stack.shuffledCrops(size: 3, generator: &b))
        var c = SeededGenerator(seed: 3)
        #expect(Self.stack.shuffledCrops(size: 10, generator: &c) == [Self.stack])
    }
}
