import ToyData

/// The rows of `dataset` as (x, y, label), in Double.
func rows(_ dataset: ToyDataset) -> [(x: Double, y: Double, label: Int)] {
    (0..<dataset.count).map { (Double(dataset.points[2 * $0]), Double(dataset.points[2 * $0 + 1]), Int(dataset.labels[$0])) }
}

/// How many rows carry each label `0..<classes`.
func labelCounts(_ dataset: ToyDataset, classes: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: classes)
    for label in dataset.labels { counts[Int(label)] += 1 }
    return counts
}
