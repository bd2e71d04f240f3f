// The library Augmentation: placeholder until issue 13 lands it.
