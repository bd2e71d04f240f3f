import Testing
@testable import Augmentation
