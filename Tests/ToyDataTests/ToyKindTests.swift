import Testing
import ToyData

/// `--kind` spellings: names, parameters, defaults and refusals; the description reads back.
struct ToyKindTests {
    @Test func spellingsAndDefaults() {
        #expect(ToyKind("spiral") == .spiral(arms: 2))
        #expect(ToyKind("spiral:5") == .spiral(arms: 5))
        #expect(ToyKind("moons") == .moons)
        #expect(ToyKind("rings") == .rings(factor: 0.5))
        #expect(ToyKind("rings:0.8") == .rings(factor: 0.8))
        for kind in [ToyKind.spiral(arms: 3), .moons, .rings(factor: 0.3)] {
            #expect(ToyKind(kind.description) == kind, "\(kind)")
        }
        #expect(ToyKind("spiral:4")?.curve.classes == 4 && ToyKind("moons")?.curve.classes == 2)
    }

    @Test(arguments: ["", "circles", "Spiral", "spiral:", "spiral:1", "spiral:101", "spiral:2.5", "moons:2", "rings:0", "rings:1",
                      "rings:-0.5", "rings:nan", "rings:x", "rings:0.5:1"])
    func refusals(text: String) {
        #expect(ToyKind(text) == nil)
    }
}
